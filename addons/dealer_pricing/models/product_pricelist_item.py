from odoo import fields, models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    dealer_agreement_id = fields.Many2one(
        "dealer.price.agreement", string="Dealer Agreement", ondelete="cascade", index="btree_not_null"
    )
    dealer_scheme_id = fields.Many2one(
        "dealer.scheme", string="Dealer Scheme", ondelete="cascade", index="btree_not_null"
    )
    dealer_source = fields.Selection(
        [("tier", "Tier price"), ("agreement", "Agreement"), ("scheme", "Scheme")],
        compute="_compute_dealer_source",
    )

    def _compute_dealer_source(self):
        for item in self:
            item.dealer_source = (
                "agreement" if item.dealer_agreement_id else "scheme" if item.dealer_scheme_id else "tier"
            )
