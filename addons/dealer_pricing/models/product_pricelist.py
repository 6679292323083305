from odoo import api, fields, models

# Context key set while a rule computes its base price from another price list:
# such nested computations are native, so a dealer's own rules never recurse.
NESTED_KEY = "dealer_pricing_nested"

# Fields of agreement and scheme rules read while pricing, fetched with the
# search itself.
SPECIAL_ITEM_FIELDS = [
    "pricelist_id", "dealer_agreement_id", "dealer_scheme_id", "applied_on", "min_quantity", "categ_id",
    "product_tmpl_id", "product_id", "compute_price", "fixed_price", "percent_price", "base", "base_pricelist_id",
    "price_discount", "price_round", "price_surcharge", "price_min_margin", "price_max_margin",
]


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    dealer_tier_ids = fields.One2many("dealer.tier", "pricelist_id", string="Dealer Tiers")
    dealer_is_special = fields.Boolean(
        "Holds Agreements and Schemes",
        help="Technical price list that holds the rules of dealer agreements and schemes. "
        "Its rules apply on top of the dealer's tier price list, never on their own.",
    )

    def _dealer_pricing_partner(self):
        """Return the dealer (commercial partner) prices are computed for, or
        an empty recordset.

        Callers name the dealer with the ``dealer_partner_id`` context key (the
        sale order line does). Without it, a signed-in portal user prices for
        its own dealer, so the website shows exactly what the cart charges.
        Only a partner whose tier has a price list counts as a dealer here.
        """
        partner_id = self.env.context.get("dealer_partner_id")
        if partner_id:
            partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        elif self.env.user.share and not self.env.user._is_public():
            partner = self.env.user.partner_id.commercial_partner_id
        else:
            return self.env["res.partner"]
        # The tier decides the price; reading it is not a disclosure to the user.
        return partner if partner.sudo().dealer_tier_id.pricelist_id else self.env["res.partner"]

    def _compute_price_rule(self, products, quantity, currency=None, uom=None, date=False, compute_price=True,
                            **kwargs):
        """Price a dealer at its own tier's price list, whatever list was asked.

        The guard against a dealer ever getting another tier's (or the
        public) price: a website falling back on another list, or an order
        whose list was changed, still yields the dealer's tier, agreement and
        scheme prices, converted to the requested currency. Nested
        computations (a rule based on another list) stay native.
        """
        if self.env.context.get(NESTED_KEY) or not products or self.dealer_is_special:
            return super()._compute_price_rule(
                products, quantity, currency=currency, uom=uom, date=date, compute_price=compute_price, **kwargs
            )
        partner = self._dealer_pricing_partner()
        tier_pricelist = partner.sudo().dealer_tier_id.pricelist_id.with_env(self.env)
        if not partner or tier_pricelist == self:
            return super()._compute_price_rule(
                products, quantity, currency=currency, uom=uom, date=date, compute_price=compute_price, **kwargs
            )
        currency = currency or self.currency_id or self.env.company.currency_id
        target_currency = tier_pricelist.currency_id
        results = super(ProductPricelist, tier_pricelist)._compute_price_rule(
            products, quantity, currency=target_currency, uom=uom, date=date, compute_price=compute_price, **kwargs
        )
        if compute_price and target_currency != currency:
            date_conv = date or fields.Date.context_today(self)
            results = {
                pid: (target_currency._convert(price, currency, self.env.company, date_conv, round=False), rule)
                for pid, (price, rule) in results.items()
            }
        return results

    def _get_applicable_rules(self, products, date, **kwargs):
        """Put the dealer's agreement rules, then its tier's scheme rules, in
        front of the tier price list's own rules.

        Native ``_compute_price_rule`` takes the first applicable rule, so an
        agreement beats a scheme, which beats the tier price; each only while
        its dates and quantities apply. Only when ``self`` is the dealer's tier
        price list, and never inside a nested computation.
        """
        if self and self.env.user.share and not self.env.su:
            # Portal and public users may not read every rule a price depends
            # on (a tier list based on another tier's list); rules are only
            # applied here, never shown.
            return self.sudo()._get_applicable_rules(products, date, **kwargs)
        rules = super()._get_applicable_rules(products, date, **kwargs)
        if not self or self.dealer_is_special or self.env.context.get(NESTED_KEY):
            return rules
        partner = self._dealer_pricing_partner()
        tier_sudo = partner.sudo().dealer_tier_id
        if not partner or tier_sudo.pricelist_id != self:
            return rules
        domain = [
            leaf for leaf in self._get_applicable_rules_domain(products=products, date=date, **kwargs)
            if not (isinstance(leaf, (tuple, list)) and leaf[0] == "pricelist_id")
        ]
        # Special rules live in a technical list no user reads directly; they
        # are filtered for this very dealer and tier.
        special_sudo = self.env["product.pricelist.item"].sudo().with_context(active_test=False).search_fetch([
            ("pricelist_id.dealer_is_special", "=", True),
            "|",
            "&",
            ("dealer_agreement_id.partner_id", "=", partner.id),
            ("dealer_agreement_id.active", "=", True),
            "&",
            ("dealer_scheme_id.tier_ids", "in", tier_sudo.ids),
            ("dealer_scheme_id.active", "=", True),
            *domain,
        ], SPECIAL_ITEM_FIELDS)
        special = special_sudo.sorted(lambda r: 0 if r.dealer_agreement_id else 1).with_env(rules.env)
        return special + rules

    @api.model
    def _get_partner_pricelist_multi_search_domain_hook(self, company_id):
        # The technical list of agreements and schemes is never anyone's list.
        return [*super()._get_partner_pricelist_multi_search_domain_hook(company_id), ("dealer_is_special", "=", False)]

    @api.model
    def _dealer_special_pricelist(self, company=None):
        """The technical (archived) price list that holds agreement and scheme
        rules of ``company``; created on first use."""
        company = company or self.env.company
        # Technical record, created and read on behalf of whoever edits an agreement.
        pricelist_sudo = self.sudo().with_context(active_test=False).search(
            [("dealer_is_special", "=", True), ("company_id", "in", [company.id, False])],
            order="company_id",
            limit=1,
        )
        if not pricelist_sudo:
            pricelist_sudo = self.sudo().create({
                "name": self.env._("Dealer agreements and schemes"),
                "dealer_is_special": True,
                "active": False,
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "sequence": 1000,
            })
        return pricelist_sudo
