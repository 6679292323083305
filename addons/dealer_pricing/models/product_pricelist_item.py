from odoo import api, fields, models

from .product_pricelist import NESTED_KEY, TIER_RULES_KEY, TierRuleIds


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    # Every price look-up searches the rules of one list for a page of
    # products ("product IS NULL OR product IN (...)"). Without these indexes
    # it reads every rule of the list, and a tier list holds one per product
    # with its own price: the catalog page slowed down as the catalog grew.
    # Plain b-trees (NULLs included) so both halves of the OR use them.
    product_tmpl_id = fields.Many2one(index=True)
    product_id = fields.Many2one(index=True)
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
        agreements and schemes apply once, at the top, never inside the base.

        A percentage or formula of an agreement or scheme based on the sales
        price applies to the dealer's tier price instead: "10 % off" never
        costs a dealer more than its own price.
        """
        tier_pricelist = self._dealer_tier_base_pricelist()
        if tier_pricelist:
            price = self._dealer_tier_price(tier_pricelist, product, quantity, uom, date)
            if tier_pricelist.currency_id != currency:
                price = tier_pricelist.currency_id._convert(price, currency, self.env.company, date, round=False)
            return price
        return super(ProductPricelistItem, self.with_context(**{NESTED_KEY: True}))._compute_base_price(
            product, quantity, uom, date, currency
        )

    def _dealer_tier_price(self, tier_pricelist, product, quantity, uom, date):
        """The tier price of ``product``, in the tier list's currency: from
        the tier rules fetched with this rule when there are (the first
        applicable one, as native pricing takes it), else from the list."""
        rule_ids = self.env.context.get(TIER_RULES_KEY)
        if not isinstance(rule_ids, TierRuleIds):
            return tier_pricelist.with_context(**{NESTED_KEY: True})._get_product_price(
                product, quantity, currency=tier_pricelist.currency_id, uom=uom, date=date
            )
        rules = self.browse(rule_ids).with_context(**{NESTED_KEY: True})
        product_uom = product.uom_id
        qty = uom._compute_quantity(quantity, product_uom, raise_if_failure=False) if uom != product_uom else quantity
        rule = next((r for r in rules if r._is_applicable_for(product, qty)), rules.browse())
        return rule._compute_price(product, quantity, uom, date, currency=tier_pricelist.currency_id)

    def _dealer_tier_base_pricelist(self):
        """The tier price list an agreement or scheme rule based on the sales
        price applies to, or an empty recordset (native base)."""
        if (
            not self
            or not (self.dealer_agreement_id or self.dealer_scheme_id)
            or (self.base or "list_price") != "list_price"
            or self.compute_price == "fixed"
            or self.env.context.get(NESTED_KEY)
        ):
            return self.env["product.pricelist"]
        _partner, tier, pricelist, _keys = self.env["product.pricelist"]._dealer_pricing_target()
        if self.dealer_agreement_id and not pricelist:
            # Read on the rule's behalf: the agreement names its dealer.
            pricelist = self.sudo().dealer_agreement_id.partner_id._dealer_tier().pricelist_id
        elif self.dealer_scheme_id and tier not in self.sudo().dealer_scheme_id.tier_ids:
            return self.env["product.pricelist"]
        return pricelist.with_env(self.env)

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
