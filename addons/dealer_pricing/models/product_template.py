from odoo import api, fields, models

from ..tools.quantity import check_quantity_triplet


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dealer_min_qty = fields.Float(
        "Dealer Minimum",
        digits="Product Unit of Measure",
        help="Smallest quantity a dealer may order, in the product's unit. 0: none.",
    )
    dealer_max_qty = fields.Float(
        "Dealer Maximum",
        digits="Product Unit of Measure",
        help="Largest quantity a dealer may order in one line. 0: none.",
    )
    dealer_multiple_qty = fields.Float(
        "Dealer Pack Size",
        digits="Product Unit of Measure",
        help="Dealers order in multiples of this quantity. 0: any quantity.",
    )

    # Inverses of the tier and dealer include/exclude lists (same tables):
    # they let the assortment domain test membership in SQL, without reading
    # the lists first.
    dealer_include_tier_ids = fields.Many2many(
        "dealer.tier",
        "dealer_tier_include_product_rel",
        "product_tmpl_id",
        "tier_id",
        string="Included in Tiers",
        copy=False,
    )
    dealer_exclude_tier_ids = fields.Many2many(
        "dealer.tier",
        "dealer_tier_exclude_product_rel",
        "product_tmpl_id",
        "tier_id",
        string="Excluded from Tiers",
        copy=False,
    )
    dealer_include_partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_dealer_include_product_rel",
        "product_tmpl_id",
        "partner_id",
        string="Extra Product of Dealers",
        copy=False,
    )
    dealer_exclude_partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_dealer_exclude_product_rel",
        "product_tmpl_id",
        "partner_id",
        string="Blocked for Dealers",
        copy=False,
    )

    @api.constrains("dealer_min_qty", "dealer_max_qty", "dealer_multiple_qty")
    def _check_dealer_quantities(self):
        for tmpl in self:
            check_quantity_triplet(self.env, tmpl.dealer_min_qty, tmpl.dealer_max_qty, tmpl.dealer_multiple_qty)
