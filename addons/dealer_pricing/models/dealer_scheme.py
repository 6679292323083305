from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerScheme(models.Model):
    _name = "dealer.scheme"
    _description = "Dealer Scheme (promotion)"
    _inherit = ["dealer.pricing.period.mixin", "mail.thread"]
    _order = "date_start desc, id desc"

    tier_ids = fields.Many2many(
        "dealer.tier", "dealer_scheme_tier_rel", "scheme_id", "tier_id", string="Tiers", required=True
    )
    item_ids = fields.One2many(
        "product.pricelist.item",
        "dealer_scheme_id",
        string="Scheme Prices",
        context={"active_test": False},
    )
    date_end = fields.Date(required=True)

    @api.constrains("tier_ids")
    def _check_tiers(self):
        for rec in self:
            if not rec.tier_ids:
                raise ValidationError(self.env._("A scheme applies to at least one tier."))
