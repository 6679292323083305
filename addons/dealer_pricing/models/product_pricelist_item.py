from odoo import api, fields, models

from .product_pricelist import NESTED_KEY


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

    @api.depends("dealer_agreement_id", "dealer_scheme_id")
    def _compute_dealer_source(self):
        for item in self:
            item.dealer_source = (
                "agreement" if item.dealer_agreement_id else "scheme" if item.dealer_scheme_id else "tier"
            )

    @api.model_create_multi
    def create(self, vals_list):
        # Agreement and scheme rules always live in the technical list, with
        # their header's dates, however they are created (form, import, RPC).
        self._dealer_prepare_special_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("dealer_agreement_id") or vals.get("dealer_scheme_id"):
            vals = dict(vals)
            self._dealer_prepare_special_vals([vals])
        return super().write(vals)

    def _dealer_prepare_special_vals(self, vals_list):
        """Set the technical price list and the header's dates on values that
        attach a rule to an agreement or a scheme (in place)."""
        agreement_ids = {vals["dealer_agreement_id"] for vals in vals_list if vals.get("dealer_agreement_id")}
        scheme_ids = {vals["dealer_scheme_id"] for vals in vals_list if vals.get("dealer_scheme_id")}
        if not agreement_ids and not scheme_ids:
            return
        agreements = self.env["dealer.price.agreement"].browse(agreement_ids)
        schemes = self.env["dealer.scheme"].browse(scheme_ids)
        special_by_company = {
            company: self.env["product.pricelist"]._dealer_special_pricelist(company)
            for company in (agreements.company_id | schemes.company_id)
        }
        for vals in vals_list:
            if vals.get("dealer_agreement_id"):
                header = agreements.browse(vals["dealer_agreement_id"])
            elif vals.get("dealer_scheme_id"):
                header = schemes.browse(vals["dealer_scheme_id"])
            else:
                continue
            vals.update(header._item_date_values())
            vals["pricelist_id"] = special_by_company[header.company_id].id

    def _compute_base_price(self, product, quantity, uom, date, currency):
        """A rule based on another price list prices it natively: the dealer's
        agreements and schemes apply once, at the top, never inside the base."""
        return super(ProductPricelistItem, self.with_context(**{NESTED_KEY: True}))._compute_base_price(
            product, quantity, uom, date, currency
        )

    def _compute_price_before_discount(self, *args, **kwargs):
        """Same contract as ``_compute_base_price``: nested lists are native."""
        return super(ProductPricelistItem, self.with_context(**{NESTED_KEY: True}))._compute_price_before_discount(
            *args, **kwargs
        )

    def _dealer_target_label(self):
        """What this rule applies to, in the dealer's words."""
        self.ensure_one()
        if self.applied_on == "0_product_variant":
            return self.product_id.display_name
        if self.applied_on == "1_product":
            return self.product_tmpl_id.display_name
        if self.applied_on == "2_product_category":
            return self.env._("All %(category)s products", category=self.categ_id.display_name)
        return self.env._("All products")
