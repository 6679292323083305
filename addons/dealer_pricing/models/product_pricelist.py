from contextlib import contextmanager

from odoo import api, fields, models

# Context key set while a rule computes its base price from another price list:
# such nested computations are native, so a dealer's own rules never recurse.
NESTED_KEY = "dealer_pricing_nested"

# Context key carrying the looked-up dealer during one price computation, so
# the rules lookup and every rule priced on the tier price do not query again.
# Honoured only as a ``DealerTarget``, which JSON-RPC cannot send.
TARGET_KEY = "dealer_pricing_target"

# Context key with the tier price list's applicable rules, set on the rules
# returned for a dealer. Honoured only as a ``TierRuleIds``.
TIER_RULES_KEY = "dealer_pricing_tier_rule_ids"

# Context key naming the dealer to price for; honoured only under sudo.
PARTNER_KEY = "dealer_partner_id"

# Context key naming the division whose terms price the dealer (an id or
# False); honoured only under sudo, with ``PARTNER_KEY``.
DIVISION_KEY = "dealer_division_id"

# Key, in the cursor's transaction-local cache, of the memo that serves the
# rule lookups of a batch of lines (see ``_dealer_rules_batch``).
RULES_BATCH_KEY = "dealer_pricing_rules_batch"

# Fields of agreement and scheme rules read while pricing, fetched with the
# search itself.
SPECIAL_ITEM_FIELDS = [
    "pricelist_id",
    "dealer_agreement_id",
    "dealer_scheme_id",
    "applied_on",
    "min_quantity",
    "categ_id",
    "product_tmpl_id",
    "product_id",
    "compute_price",
    "fixed_price",
    "percent_price",
    "base",
    "base_pricelist_id",
    "price_discount",
    "price_round",
    "price_surcharge",
    "price_min_margin",
    "price_max_margin",
]


class DealerTarget(tuple):
    """``(partner_id, tier_id, pricelist_id, agreement_ids, scheme_ids)`` of
    the dealer being priced, as ``_compute_price_rule`` found it. A caller's
    context arrives as JSON, which has no such type: a forged value is a list
    and is ignored, so nobody prices with another dealer's agreements."""

    __slots__ = ()


class TierRuleIds(tuple):
    """Ids of the tier rules travelling with a dealer's agreement and scheme
    rules (see ``TIER_RULES_KEY``); like ``DealerTarget``, never from JSON."""

    __slots__ = ()


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    dealer_tier_ids = fields.One2many("dealer.tier", "pricelist_id", string="Dealer Tiers")
    dealer_is_special = fields.Boolean(
        "Holds Agreements and Schemes",
        help="Technical price list that holds the rules of dealer agreements and schemes. "
        "Its rules apply on top of the dealer's tier price list, never on their own.",
    )

    def _dealer_pricing_target(self):
        """``(dealer, tier, tier price list, keys)`` of the dealer being priced:
        records not read, and the ``res.partner._dealer_pricing_keys`` dict.

        Elevated server code names the dealer (commercial partner) with the
        ``dealer_partner_id`` context key (the sale order line does, under
        sudo). Otherwise a signed-in portal user prices for its own dealer, so
        the website shows exactly what the cart charges, whatever context it
        sends. Only a partner whose tier has a price list counts as a dealer
        here. Empty records and an empty dict for anyone else."""
        known = self.env.context.get(TARGET_KEY)
        if isinstance(known, DealerTarget):
            partner_id, tier_id, pricelist_id, agreement_ids, scheme_ids = known
            return (
                self.env["res.partner"].browse(partner_id),
                self.env["dealer.tier"].browse(tier_id),
                self.env["product.pricelist"].browse(pricelist_id),
                {
                    "partner_id": partner_id,
                    "tier_id": tier_id,
                    "pricelist_id": pricelist_id,
                    "agreement_ids": list(agreement_ids),
                    "scheme_ids": list(scheme_ids),
                },
            )
        # Any caller sets any context over JSON-RPC: pricing as another dealer
        # is for elevated server code only.
        partner_id = self.env.context.get(PARTNER_KEY) if self.env.su else None
        if not isinstance(partner_id, int) or isinstance(partner_id, bool):
            partner_id = None
        division_id = self.env.context.get(DIVISION_KEY) if partner_id else None
        if not isinstance(division_id, int) or isinstance(division_id, bool):
            division_id = None
        if not partner_id and self.env.user.share and not self.env.user._is_public():
            partner_id = self.env.user.partner_id.id
            division_id = self.env["dealer.division"]._dealer_request_division().id or None
        if partner_id:
            # Dealer, tier and price list ids only: nothing is disclosed.
            batch = self.env.cr.cache.get(RULES_BATCH_KEY)
            if batch is not None and (partner_id, division_id) in batch["keys"]:
                keys = batch["keys"][(partner_id, division_id)]
            else:
                keys = self.env["res.partner"].browse(partner_id)._dealer_pricing_keys(division=division_id)
                if batch is not None:
                    batch["keys"][(partner_id, division_id)] = keys
            if keys["pricelist_id"]:
                return (
                    self.env["res.partner"].browse(keys["partner_id"]),
                    self.env["dealer.tier"].browse(keys["tier_id"]),
                    self.env["product.pricelist"].browse(keys["pricelist_id"]),
                    keys,
                )
        return self.env["res.partner"], self.env["dealer.tier"], self.env["product.pricelist"], {}

    def _compute_price_rule(
        self, products, quantity, currency=None, uom=None, date=False, compute_price=True, **kwargs
    ):
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
        partner, tier, tier_pricelist, keys = self._dealer_pricing_target()
        if not partner:
            return super()._compute_price_rule(
                products, quantity, currency=currency, uom=uom, date=date, compute_price=compute_price, **kwargs
            )
        target = DealerTarget(
            (partner.id, tier.id, tier_pricelist.id, tuple(keys["agreement_ids"]), tuple(keys["scheme_ids"]))
        )
        tier_pricelist = tier_pricelist.with_context(**{TARGET_KEY: target})
        if tier_pricelist == self:
            return super(ProductPricelist, tier_pricelist)._compute_price_rule(
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
        """Inside ``_dealer_rules_batch``, answer from the batch's single
        lookup; see ``_dealer_get_applicable_rules`` for what is returned."""
        batch = self.env.cr.cache.get(RULES_BATCH_KEY)
        if batch is None or not self or kwargs or not products or not set(products.ids) <= batch[products._name]:
            return self._dealer_get_applicable_rules(products, date, **kwargs)
        context = self.env.context
        key = (
            self.id,
            products._name,
            date,
            self.env.uid,
            self.env.su,
            bool(context.get(NESTED_KEY)),
            context.get(TARGET_KEY),
            context.get(PARTNER_KEY),
            context.get(DIVISION_KEY),
            context.get("active_test", True),
            tuple(context.get("allowed_company_ids") or ()),
        )
        rules = batch["rules"].get(key)
        if rules is None:
            everything = products.browse(sorted(batch[products._name])).with_env(products.env)
            rules = batch["rules"][key] = self._dealer_get_applicable_rules(everything, date)
        return _rules_for_products(rules, products)

    @contextmanager
    def _dealer_rules_batch(self, products):
        """Price many lines for the queries of one: while open, the rule
        lookup of any price list for some of ``products`` (variants or their
        templates) searches once for them all, and later lookups are answered
        from that result, filtered in Python exactly as the search filters.
        Rules do not depend on the quantity, so every line of an order shares
        them. The memo lives on the cursor only while the block runs: a rule
        written afterwards is always seen. Batches may nest."""
        batch = self.env.cr.cache.get(RULES_BATCH_KEY)
        outer = batch is None
        if outer:
            batch = self.env.cr.cache[RULES_BATCH_KEY] = {
                "product.product": set(),
                "product.template": set(),
                "rules": {},
                "keys": {},
            }
        # Stored products only: records being edited in a form price natively.
        products = products.filtered("id")
        added = {pid for pid in products.ids if isinstance(pid, int)} - batch["product.product"]
        if added:
            batch["product.product"] |= added
            batch["product.template"] |= {tid for tid in products.product_tmpl_id.ids if isinstance(tid, int)}
            # Results for a smaller set of products no longer cover every call.
            batch["rules"].clear()
        try:
            yield
        finally:
            if outer:
                self.env.cr.cache.pop(RULES_BATCH_KEY, None)

    def _dealer_get_applicable_rules(self, products, date, **kwargs):
        """Put the dealer's agreement rules, then its tier's scheme rules, in
        front of the tier price list's own rules.

        Native ``_compute_price_rule`` takes the first applicable rule, so an
        agreement beats a scheme, which beats the tier price; each only while
        its dates and quantities apply. Only when ``self`` is the dealer's tier
        price list, and never inside a nested computation.
        """
        if self and self.env.user.share and not self.env.su:
            # Portal and public users may not read every rule their own tier
            # list depends on (a tier list based on another tier's list);
            # rules are only applied here, never shown. Any other list, such
            # as the technical one of all agreements, is read as the user.
            if not self.env.context.get(NESTED_KEY) and self == self._dealer_pricing_target()[2]:
                return self.sudo()._dealer_get_applicable_rules(products, date, **kwargs)
            return super()._get_applicable_rules(products, date, **kwargs)
        rules = super()._get_applicable_rules(products, date, **kwargs)
        if not self or self.dealer_is_special or self.env.context.get(NESTED_KEY):
            return rules
        partner, _tier, tier_pricelist, keys = self._dealer_pricing_target()
        if not partner or tier_pricelist != self or not (keys["agreement_ids"] or keys["scheme_ids"]):
            return rules
        domain = [
            leaf
            for leaf in self._get_applicable_rules_domain(products=products, date=date, **kwargs)
            if not (isinstance(leaf, (tuple, list)) and leaf[0] == "pricelist_id")
        ]
        # Rules of the dealer's own active agreements and of its tier's active
        # schemes (ids from the lookup, so the indexes serve the search); no
        # user reads these through the technical list.
        special_sudo = (
            self.env["product.pricelist.item"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    "|",
                    ("dealer_agreement_id", "in", keys["agreement_ids"]),
                    ("dealer_scheme_id", "in", keys["scheme_ids"]),
                    *domain,
                ],
                SPECIAL_ITEM_FIELDS,
            )
        )
        # The tier's own rules travel with the special ones: a percentage
        # based on the tier price is computed from them, with no new search.
        rules = rules.with_context(**{TIER_RULES_KEY: TierRuleIds(rules.ids)})
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
        pricelist_sudo = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("dealer_is_special", "=", True), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        if not pricelist_sudo:
            pricelist_sudo = self.sudo().create(
                {
                    "name": self.env._("Dealer agreements and schemes"),
                    "dealer_is_special": True,
                    "active": False,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "sequence": 1000,
                }
            )
        return pricelist_sudo


def _rules_for_products(rules, products):
    """The rules of ``rules`` the native search would return for
    ``products``: same category (or a parent), template and variant
    conditions, in the same order."""
    if products._name == "product.template":
        template_ids = set(products.ids)
        product_ids = None
    else:
        template_ids = set(products.product_tmpl_id.ids)
        product_ids = set(products.ids)
    categ_ids = {int(part) for path in products.categ_id.mapped("parent_path") for part in path.split("/") if part}

    def applies(rule):
        if rule.categ_id and rule.categ_id.id not in categ_ids:
            return False
        if rule.product_tmpl_id and rule.product_tmpl_id.id not in template_ids:
            return False
        if rule.product_id:
            if product_ids is None:
                return rule.product_id.product_tmpl_id.id in template_ids
            return rule.product_id.id in product_ids
        return True

    return rules.filtered(applies)
