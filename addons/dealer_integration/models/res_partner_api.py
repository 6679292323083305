from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_api_enabled = fields.Boolean(
        "Dealer API Access",
        help="The dealer's portal users may create API keys (when customers may generate API keys in the "
        "settings) and use the dealer API with them.",
    )

    def _commercial_fields(self):
        return super()._commercial_fields() + ["dealer_api_enabled"]
