from odoo import fields, models


class DealerTier(models.Model):
    _inherit = "dealer.tier"

    dealer_allow_backorder = fields.Boolean(
        "Allow Backorders",
        help="Dealers of this tier may order more than is in stock: the order "
        "goes through with a warning and the rest follows as a backorder. "
        "Otherwise such an order is blocked.",
    )
