from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import EVENT_STAGES


class DealerDeliveryEvent(models.Model):
    _name = "dealer.delivery.event"
    _description = "Delivery Event"
    _order = "event_time desc, id desc"
    _rec_name = "stage"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("picking_type_code", "=", "outgoing")],
    )
    sale_id = fields.Many2one(related="picking_id.sale_id", store=True, index="btree_not_null", string="Sales Order")
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        compute="_compute_partner_id",
        store=True,
        index=True,
        help="The commercial partner the shipment goes to; portal access follows it.",
    )
    company_id = fields.Many2one(related="picking_id.company_id", store=True, index=True)
    carrier_account_id = fields.Many2one("dealer.carrier.account", string="Carrier Account", index="btree_not_null")
    stage = fields.Selection(EVENT_STAGES, required=True)
    event_time = fields.Datetime("When", required=True, default=fields.Datetime.now)
    eta = fields.Datetime("Expected Delivery", help="Delivery time announced by the carrier with this event.")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    location_text = fields.Char("Location")
    note = fields.Text()
    proof_image = fields.Image("Proof of Delivery", max_width=1920, max_height=1920)
    proof_type = fields.Selection([("photo", "Photo"), ("signature", "Signature")])
    source = fields.Selection(
        [("carrier_api", "Carrier API"), ("rider_app", "Rider app"), ("manual", "Manual")],
        required=True,
        default="manual",
    )
    external_id = fields.Char("External Event ID", index="btree_not_null", copy=False)
    has_location = fields.Boolean(compute="_compute_has_location")

    _sql_constraints = [
        (
            "external_id_uniq",
            "unique(carrier_account_id, external_id)",
            "This carrier event was already received.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("picking_id.partner_id.commercial_partner_id")
    def _compute_partner_id(self):
        for event in self:
            event.partner_id = event.picking_id.partner_id.commercial_partner_id

    @api.depends("latitude", "longitude")
    def _compute_has_location(self):
        for event in self:
            event.has_location = bool(event.latitude or event.longitude)

    @api.depends("stage", "event_time", "picking_id.name")
    def _compute_display_name(self):
        labels = dict(self._fields["stage"]._description_selection(self.env))
        for event in self:
            event.display_name = f"{event.picking_id.name or ''} {labels.get(event.stage, '')}".strip()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("stage", "picking_id")
    def _check_picking_dispatched(self):
        for event in self:
            if not event.picking_id._dealer_event_allowed(event.stage):
                raise ValidationError(
                    self.env._(
                        "%(delivery)s has not left the warehouse yet: validate it before recording that it is "
                        "out for delivery or delivered.",
                        delivery=event.picking_id.display_name,
                    )
                )

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for event in self:
            if not -90 <= event.latitude <= 90 or not -180 <= event.longitude <= 180:
                raise ValidationError(self.env._("Latitude must be within ±90 and longitude within ±180."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        default = self.env.context.get("default_picking_id")
        picking_ids = {vals.get("picking_id") or default for vals in vals_list} - {False, None}
        stages = self.env["stock.picking"].browse(picking_ids)._dealer_stages()
        events = super().create(vals_list)
        events.picking_id._dealer_stage_moved(stages)
        return events

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_location_label(self):
        """Where the event happened, as a dealer reads it."""
        self.ensure_one()
        if self.location_text:
            return self.location_text
        if self.has_location:
            return f"{self.latitude:.5f}, {self.longitude:.5f}"
        return ""

    def _dealer_map_url(self):
        self.ensure_one()
        if not self.has_location:
            return False
        lat, lng = f"{self.latitude:.6f}", f"{self.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=15/{lat}/{lng}"
