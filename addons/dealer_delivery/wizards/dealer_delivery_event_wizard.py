from odoo import fields, models

from ..const import EVENT_STAGES


class DealerDeliveryEventWizard(models.TransientModel):
    _name = "dealer.delivery.event.wizard"
    _description = "Add a Delivery Event"

    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True)
    stage = fields.Selection(EVENT_STAGES, required=True, default="out_for_delivery")
    event_time = fields.Datetime("When", required=True, default=fields.Datetime.now)
    eta = fields.Datetime("Expected Delivery")
    location_text = fields.Char("Location")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    note = fields.Text(help="E.g. what the rider said on the phone.")
    proof_image = fields.Image("Proof of Delivery", max_width=1920, max_height=1920)
    proof_type = fields.Selection([("photo", "Photo"), ("signature", "Signature")])

    def action_confirm(self):
        self.ensure_one()
        self.env["dealer.delivery.event"].create(self._prepare_event_values())
        return {"type": "ir.actions.act_window_close"}

    def _prepare_event_values(self):
        """Values of the ``dealer.delivery.event`` this wizard records."""
        self.ensure_one()
        return {
            "picking_id": self.picking_id.id,
            "stage": self.stage,
            "event_time": self.event_time,
            "eta": self.eta,
            "location_text": self.location_text,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "note": self.note,
            "proof_image": self.proof_image,
            "proof_type": self.proof_type if self.proof_image else False,
            "source": "manual",
        }
