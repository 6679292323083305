from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Orders keep their lines when this addon is uninstalled; only where
    # they came from is forgotten.
    dealer_channel = fields.Selection(
        selection_add=[("edi",), ("api", "Dealer API"), ("backoffice",)],
        ondelete={"api": "set null"},
    )
