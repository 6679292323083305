from odoo import api, fields, models


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
        """
        partner_id = self.env.context.get("dealer_partner_id")
        if partner_id:
            partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        elif self.env.user.share and not self.env.user._is_public():
            partner = self.env.user.partner_id.commercial_partner_id
        else:
            return self.env["res.partner"]
        return partner if partner.sudo().dealer_tier_id else self.env["res.partner"]

    def _get_applicable_rules(self, products, date, **kwargs):
        """Put the dealer's agreement rules, then its tier's scheme rules, in
        front of the tier price list's own rules.

        Native ``_compute_price_rule`` takes the first applicable rule, so an
        agreement beats a scheme, which beats the tier price; each only while
        its dates and quantities apply. Only when ``self`` is the dealer's tier
        price list: another list never picks up dealer rules.
        """
        rules = super()._get_applicable_rules(products, date, **kwargs)
        if not self or self.dealer_is_special:
            return rules
        partner = self._dealer_pricing_partner()
        if not partner:
            return rules
        tier_sudo = partner.sudo().dealer_tier_id
        if tier_sudo.pricelist_id != self:
            return rules
        domain = [
            leaf for leaf in self._get_applicable_rules_domain(products=products, date=date, **kwargs)
            if not (isinstance(leaf, (tuple, list)) and leaf[0] == "pricelist_id")
        ]
        special_sudo = (
            self.env["product.pricelist.item"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("pricelist_id.dealer_is_special", "=", True),
                    ("active", "=", True),
                    "|",
                    "&",
                    ("dealer_agreement_id.partner_id", "=", partner.id),
                    ("dealer_agreement_id.active", "=", True),
                    "&",
                    ("dealer_scheme_id.tier_ids", "in", tier_sudo.ids),
                    ("dealer_scheme_id.active", "=", True),
                    *domain,
                ]
            )
        )
        # Rule records are read sudo: portal users may not read other rules, and
        # these were filtered for this very dealer and tier above.
        special = special_sudo.sorted(lambda r: 0 if r.dealer_agreement_id else 1).with_env(rules.env)
        return special + rules

    @api.model
    def _dealer_special_pricelist(self, company=None):
        """The technical price list that holds agreement and scheme rules."""
        company = company or self.env.company
        pricelist = self.sudo().with_context(active_test=False).search(
            [("dealer_is_special", "=", True), ("company_id", "in", [company.id, False])], limit=1
        )
        if not pricelist:
            pricelist = self.sudo().create(
                {
                    "name": self.env._("Dealer agreements and schemes"),
                    "dealer_is_special": True,
                    "selectable": False,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "sequence": 1000,
                }
            )
        return pricelist
