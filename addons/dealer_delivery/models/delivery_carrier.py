from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    dealer_carrier_account_id = fields.Many2one(
        "dealer.carrier.account",
        string="Tracking Account",
        help="Tracking events of shipments sent with this method come from this carrier account.",
    )
