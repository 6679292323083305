from odoo import fields, models


class DealerOrderRejectWizard(models.TransientModel):
    _name = "dealer.order.reject.wizard"
    _description = "Reject a Dealer Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    reason = fields.Text(required=True, help="Sent to the dealer.")

    def action_reject(self):
        self.ensure_one()
        self.order_id._dealer_reject_approval(self.reason)
        return {"type": "ir.actions.act_window_close"}
