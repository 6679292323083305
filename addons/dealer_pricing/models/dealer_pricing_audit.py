from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero

from ..tools.format import product_label
from .dealer_pricing_audit_line import INVENTORY_CODES


class DealerPricingAudit(models.Model):
    """A run of the pricing audit: what every dealer buys at, and what is wrong.

    The go-live gate of dealer pricing: one line per dealer (tier, price list,
    agreements and schemes in force) and one line per problem found.
    """

    _name = "dealer.pricing.audit"
    _description = "Dealer Pricing Audit"
    _order = "create_date desc, id desc"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, default=lambda self: self.env._("Pricing audit"))
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    state = fields.Selection([("draft", "Not run"), ("done", "Done")], default="draft", required=True, readonly=True)
    expiry_days = fields.Integer(
        "Warn Days Before Scheme End",
        default=14,
        required=True,
        help="Schemes in force that end within this many days are flagged.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "dealer_pricing_audit_partner_rel",
        "audit_id",
        "partner_id",
        string="Only These Dealers",
        domain=[("is_dealer", "=", True), ("parent_id", "=", False)],
        help="Audit these dealers only (and their tiers), e.g. a roll-out wave. Empty: every dealer of the company.",
    )
    run_at = fields.Datetime("Run On", readonly=True)
    run_by_id = fields.Many2one("res.users", "Run By", readonly=True)
    line_ids = fields.One2many("dealer.pricing.audit.line", "audit_id", string="Audit Lines")
    finding_ids = fields.One2many(
        "dealer.pricing.audit.line",
        "audit_id",
        string="Finding Lines",
        domain=[("code", "not in", ["overview", *INVENTORY_CODES])],
    )
    overview_ids = fields.One2many(
        "dealer.pricing.audit.line", "audit_id", string="Dealer Overview", domain=[("code", "=", "overview")]
    )
    inventory_ids = fields.One2many(
        "dealer.pricing.audit.line",
        "audit_id",
        string="Catalog Exceptions, Price Lists and Upcoming Agreements",
        domain=[("code", "in", INVENTORY_CODES)],
    )
    sheet_ids = fields.Many2many(
        "dealer.price.sheet",
        "dealer_pricing_audit_price_sheet_rel",
        "audit_id",
        "sheet_id",
        string="Price Sheets",
        help="The manufacturer's price sheets reconciled with the configured prices. "
        "Empty: every active sheet of the company.",
    )
    dealer_count = fields.Integer("Dealers", compute="_compute_counts")
    error_count = fields.Integer("Errors", compute="_compute_counts")
    warning_count = fields.Integer("Warnings", compute="_compute_counts")
    finding_count = fields.Integer("Findings", compute="_compute_counts")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("line_ids.code", "line_ids.severity")
    def _compute_counts(self):
        groups = self.env["dealer.pricing.audit.line"]._read_group(
            [("audit_id", "in", self.ids)], ["audit_id", "code", "severity"], ["__count"]
        )
        counts = defaultdict(lambda: defaultdict(int))
        for audit, code, severity, count in groups:
            if code == "overview":
                counts[audit.id]["dealer"] += count
            elif code in INVENTORY_CODES:
                continue
            else:
                counts[audit.id]["finding"] += count
                counts[audit.id][severity] += count
        for audit in self:
            audit.dealer_count = counts[audit.id]["dealer"]
            audit.finding_count = counts[audit.id]["finding"]
            audit.error_count = counts[audit.id]["error"]
            audit.warning_count = counts[audit.id]["warning"]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("expiry_days")
    def _check_expiry_days(self):
        for audit in self:
            if audit.expiry_days < 0:
                raise ValidationError(self.env._("The number of days before a scheme ends cannot be negative."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_run(self):
        """Run (or run again) the audit: its lines are rebuilt from scratch."""
        # Fail before the work, with the usual message, for read-only users.
        self.check_access("write")
        for audit in self:
            audit._run_audit()
        return True

    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_pricing.dealer_pricing_audit_line_action")
        action["domain"] = [("audit_id", "=", self.id)]
        action["context"] = {"search_default_findings": 1, "search_default_group_code": 1}
        action["name"] = self.env._("Findings of %(audit)s", audit=self.display_name)
        return action

    def action_open_export(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export Pricing Audit"),
            "res_model": "dealer.pricing.audit.export",
            "view_mode": "form",
            "target": "new",
            "context": {"default_audit_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _run_audit(self):
        self.ensure_one()
        audit = self.with_company(self.company_id)
        data = audit._audit_prepare_data()
        vals_list = audit._audit_name_divisions(audit._audit_collect(data))
        self.line_ids.unlink()
        self.env["dealer.pricing.audit.line"].create([{**vals, "audit_id": self.id} for vals in vals_list])
        self.write({"state": "done", "run_at": fields.Datetime.now(), "run_by_id": self.env.user.id})

    def _audit_prepare_data(self):
        """Everything the checks read, fetched once: dealers, tiers,
        agreements and schemes of the audit's company."""
        self.ensure_one()
        company = self.company_id
        today = fields.Date.context_today(self)
        # A dealer shared by every company (no company of its own) belongs to
        # the company of its tier: another company's dealers are not audited
        # here, and their tiers may not even be readable by this user.
        dealer_domain = [
            "|",
            ("is_dealer", "=", True),
            ("dealer_terms_ids", "!=", False),
            ("parent_id", "=", False),
            ("company_id", "in", [company.id, False]),
            "|",
            ("dealer_tier_id", "=", False),
            ("dealer_tier_id.company_id", "in", [company.id, False]),
        ]
        tier_domain = [("company_id", "in", [company.id, False])]
        if self.partner_ids:
            # A run scoped to some dealers (a roll-out wave) judges them and their tiers only.
            dealer_domain.append(("id", "in", self.partner_ids.ids))
        dealers = self.env["res.partner"].search(dealer_domain, order="name, id")
        # A dealer's terms in other divisions are (dealer, tier, division)
        # pairs audited beside its own tier.
        terms = self.env["dealer.terms"].search(
            [("partner_id", "in", dealers.ids), ("company_id", "=", company.id)], order="partner_id, division_id"
        )
        if self.partner_ids:
            tier_domain.append(("id", "in", (dealers.dealer_tier_id | terms.tier_id).ids))
        tiers = self.env["dealer.tier"].search(tier_domain)
        terms = terms.filtered(lambda t: t.tier_id in tiers)
        agreements = self.env["dealer.price.agreement"].search(
            [("partner_id", "in", dealers.ids), ("company_id", "=", company.id)], order="partner_id, date_start, id"
        )
        schemes = self.env["dealer.scheme"].search([("company_id", "=", company.id)], order="date_end, id")
        return {
            "today": today,
            "dealers": dealers,
            "tiers": tiers,
            "terms": terms,
            "agreements": agreements,
            "schemes": schemes,
            "agreements_in_force": agreements.filtered(lambda a: _in_force(a, today)),
            "schemes_in_force": schemes.filtered(lambda s: _in_force(s, today)),
        }

    def _audit_collect(self, data):
        """Hook: return the audit's lines as a list of values for
        ``dealer.pricing.audit.line`` (without ``audit_id``).

        ``data`` is what ``_audit_prepare_data`` fetched. Submodules add their
        own checks by extending the result of ``super()`` (and the ``code``
        selection of the line with ``selection_add``). Checks read, never write.
        """
        self.ensure_one()
        return [
            *self._audit_check_dealers(data),
            *self._audit_check_tiers(data),
            *self._audit_check_agreements(data),
            *self._audit_check_schemes(data),
            *self._audit_check_prices(data),
            *self._audit_check_catalog_exceptions(data),
            *self._audit_check_unlinked_pricelists(data),
            *self._audit_check_upcoming_agreements(data),
            *self._audit_check_price_sheets(data),
        ]

    @api.model
    def _audit_dealer_terms(self, data):
        """``[(dealer, tier, division)]``: every dealer with its own tier (in
        the tier's division, or none), then each of its terms rows. The
        audit judges a dealer in each division it trades with."""
        pairs = [(dealer, dealer.dealer_tier_id, dealer.dealer_tier_id.division_id) for dealer in data["dealers"]]
        pairs += [(terms.partner_id, terms.tier_id, terms.division_id) for terms in data["terms"]]
        return pairs

    def _audit_name_divisions(self, vals_list):
        """Findings of a division name it: a line of a tier of a division (or
        of a dealer's terms there) gets ``division_id`` and the division's
        name before its message."""
        tier_ids = {vals["tier_id"] for vals in vals_list if vals.get("tier_id") and not vals.get("division_id")}
        tier_divisions = {tier.id: tier.division_id.id for tier in self.env["dealer.tier"].browse(tier_ids)}
        for vals in vals_list:
            if not vals.get("division_id") and vals.get("tier_id"):
                vals["division_id"] = tier_divisions.get(vals["tier_id"]) or False
        divisions = self.env["dealer.division"].browse(
            {vals["division_id"] for vals in vals_list if vals.get("division_id")}
        )
        names = {division.id: division.name for division in divisions}
        for vals in vals_list:
            if vals.get("division_id"):
                vals["message"] = self.env._(
                    "%(division)s: %(message)s", division=names[vals["division_id"]], message=vals["message"]
                )
        return vals_list

    def _audit_check_dealers(self, data):
        """One overview line per dealer and division it trades with, and
        ``no_tier`` for a dealer that has none (it can neither see a catalog
        nor order)."""
        agreements_by_dealer = defaultdict(list)
        for agreement in data["agreements_in_force"]:
            agreements_by_dealer[agreement.partner_id.id].append(agreement.id)
        schemes_by_tier = defaultdict(list)
        for scheme in data["schemes_in_force"]:
            for tier in scheme.tier_ids:
                schemes_by_tier[tier.id].append(scheme.id)
        result = []
        with_terms = set(data["terms"].partner_id.ids)
        for dealer, tier, division in self._audit_dealer_terms(data):
            if not tier and dealer.id in with_terms:
                continue  # trades through its terms rows only
            agreement_ids = agreements_by_dealer[dealer.id]
            scheme_ids = schemes_by_tier[tier.id] if tier else []
            result.append(
                {
                    "code": "overview",
                    "severity": "info",
                    "partner_id": dealer.id,
                    "division_id": division.id,
                    "tier_id": tier.id,
                    "pricelist_id": tier.pricelist_id.id,
                    "agreement_ids": [fields.Command.set(agreement_ids)],
                    "scheme_ids": [fields.Command.set(scheme_ids)],
                    "message": self.env._(
                        "%(tier)s, price list %(pricelist)s, "
                        "%(agreements)s agreement(s) and %(schemes)s scheme(s) in force.",
                        tier=tier.display_name or self.env._("No tier"),
                        pricelist=tier.pricelist_id.display_name or self.env._("none"),
                        agreements=len(agreement_ids),
                        schemes=len(scheme_ids),
                    ),
                }
            )
            if not tier:
                result.append(
                    {
                        "code": "no_tier",
                        "severity": "error",
                        "partner_id": dealer.id,
                        "message": self.env._("%(dealer)s is a dealer without a tier.", dealer=dealer.display_name),
                        "hint": self.env._("Assign a tier: until then it sees no catalog and cannot order."),
                    }
                )
        return result

    def _audit_check_tiers(self, data):
        """``tier_no_pricelist``: a tier without a price list prices its
        dealers at whatever price list Odoo falls back to."""
        result = []
        counts = defaultdict(int)
        for dealer in data["dealers"]:
            counts[dealer.dealer_tier_id.id] += 1
        for terms in data["terms"]:
            counts[terms.tier_id.id] += 1
        for tier in data["tiers"].filtered(lambda t: not t.pricelist_id):
            result.append(
                {
                    "code": "tier_no_pricelist",
                    "severity": "error",
                    "tier_id": tier.id,
                    "message": self.env._(
                        "Tier %(tier)s has no price list (%(count)s dealer(s)).",
                        tier=tier.display_name,
                        count=counts[tier.id],
                    ),
                    "hint": self.env._("Set the tier's price list before its dealers order."),
                }
            )
        return result

    def _audit_check_agreements(self, data):
        """``agreement_expired``: an agreement past its end date that is still
        active. ``agreement_overlap``: two current agreements of one dealer
        that price the same product on overlapping dates (which one wins is
        then a matter of record order, not of intent)."""
        today = data["today"]
        result = []
        current = defaultdict(list)
        for agreement in data["agreements"]:
            if agreement.date_end and agreement.date_end < today:
                result.append(
                    {
                        "code": "agreement_expired",
                        "severity": "warning",
                        "partner_id": agreement.partner_id.id,
                        "tier_id": agreement.partner_id.dealer_tier_id.id,
                        "agreement_id": agreement.id,
                        "date_end": agreement.date_end,
                        "message": self.env._(
                            "Agreement %(agreement)s of %(dealer)s expired on %(date)s.",
                            agreement=agreement.display_name,
                            dealer=agreement.partner_id.display_name,
                            date=agreement.date_end,
                        ),
                        "hint": self.env._("Its prices no longer apply: renew it or archive it."),
                    }
                )
            else:
                current[agreement.partner_id.id].append(agreement)
        for agreements in current.values():
            for index, first in enumerate(agreements):
                for second in agreements[index + 1 :]:
                    if not _dates_overlap(first, second):
                        continue
                    found, scope = _items_overlap(first.item_ids, second.item_ids)
                    if not found:
                        continue
                    result.append(
                        {
                            "code": "agreement_overlap",
                            "severity": "error",
                            "partner_id": first.partner_id.id,
                            "tier_id": first.partner_id.dealer_tier_id.id,
                            "agreement_id": first.id,
                            "agreement_ids": [fields.Command.set([first.id, second.id])],
                            "product_id": _scope_product_id(scope),
                            "date_end": min(filter(None, [first.date_end, second.date_end]), default=False),
                            "message": self.env._(
                                "Agreements %(first)s and %(second)s of %(dealer)s "
                                "both price %(scope)s on overlapping dates.",
                                first=first.display_name,
                                second=second.display_name,
                                dealer=first.partner_id.display_name,
                                scope=scope.display_name or self.env._("all products"),
                            ),
                            "hint": self.env._("End one agreement before the other starts, or merge them."),
                        }
                    )
        return result

    def _audit_check_schemes(self, data):
        """``scheme_ending``: a scheme in force that ends within the audit's
        ``expiry_days``, once per tier it applies to."""
        limit = data["today"] + timedelta(days=self.expiry_days)
        result = []
        for scheme in data["schemes_in_force"].filtered(lambda s: s.date_end <= limit):
            days = (scheme.date_end - data["today"]).days
            for tier in scheme.tier_ids:
                result.append(
                    {
                        "code": "scheme_ending",
                        "severity": "warning",
                        "tier_id": tier.id,
                        "pricelist_id": tier.pricelist_id.id,
                        "scheme_id": scheme.id,
                        "scheme_ids": [fields.Command.set(scheme.ids)],
                        "date_end": scheme.date_end,
                        "message": self.env._(
                            "Scheme %(scheme)s for %(tier)s ends on %(date)s, in %(days)s day(s).",
                            scheme=scheme.display_name,
                            tier=tier.display_name,
                            date=scheme.date_end,
                            days=days,
                        ),
                        "hint": self.env._("Extend it, or tell the tier's dealers that its prices end."),
                    }
                )
        return result

    def _audit_check_prices(self, data):
        """``no_price``, ``zero_price`` and ``price_above_list`` for every
        product of every tier's assortment, priced by the native price list
        machinery exactly as the tier's dealers are priced.

        A tier is priced once, as one of its dealers without agreement (so its
        schemes apply). Only dealers whose prices can differ from their
        tier's (agreements in force, extra products) are priced again, and
        only on the products that can differ; their lines name the dealer.
        Queries grow with tiers and such dealers, never per product (only
        with the ORM's batches of 1,000 records, as native pricing does).
        """
        result = []
        Product = self.env["product.product"]
        agreement_items = defaultdict(lambda: self.env["product.pricelist.item"])
        for agreement in data["agreements_in_force"]:
            agreement_items[agreement.partner_id.id] |= agreement.item_ids
        pairs_by_tier = defaultdict(list)
        for dealer, tier, division in self._audit_dealer_terms(data):
            if tier:
                pairs_by_tier[tier.id].append((dealer, division))
        for tier in data["tiers"].filtered("pricelist_id"):
            pricelist = tier.pricelist_id
            pairs = pairs_by_tier[tier.id]
            products = Product.search(tier._get_assortment_domain("product.product"))
            plain = [(dealer, division) for dealer, division in pairs if not agreement_items[dealer.id]]
            scheme_items = data["schemes_in_force"].filtered(lambda s, t=tier: t in s.tier_ids).item_ids
            scheme_products = _items_products(scheme_items, products)
            first_plain = plain[0] if plain else (self.env["res.partner"], None)
            tier_prices = self._audit_price_products(pricelist, products, tier, first_plain[0], division=first_plain[1])
            # With no dealer free of agreements the tier prices lack the
            # schemes: those products are judged per dealer only.
            judged = products if plain else products - scheme_products
            tier_codes = {}
            for product in judged:
                for vals in self._audit_price_findings(product, tier_prices[product.id], pricelist, data):
                    tier_codes.setdefault(product.id, set()).add(vals["code"])
                    result.append({**vals, "tier_id": tier.id, "pricelist_id": pricelist.id})
            for dealer, division in pairs:
                extra = (dealer.dealer_include_product_tmpl_ids.product_variant_ids - products).filtered("sale_ok")
                own_items = agreement_items[dealer.id]
                to_price = extra
                if own_items:
                    to_price |= _items_products(own_items, products | extra)
                    if not plain:
                        to_price |= scheme_products
                to_price -= dealer.dealer_exclude_product_tmpl_ids.product_variant_ids
                if not to_price:
                    continue
                dealer_prices = self._audit_price_products(pricelist, to_price, tier, dealer, division=division)
                for product in to_price:
                    for vals in self._audit_price_findings(product, dealer_prices[product.id], pricelist, data):
                        if vals["code"] in tier_codes.get(product.id, ()):
                            continue
                        result.append(
                            {
                                **vals,
                                "tier_id": tier.id,
                                "pricelist_id": pricelist.id,
                                "partner_id": dealer.id,
                                "division_id": division.id if division else False,
                            }
                        )
        return result

    def _audit_price_products(self, pricelist, products, tier, dealer, date=None, division=None):
        """``{product_id: (price, rule)}`` from native ``_compute_price_rule``
        for ``dealer`` in ``division`` (or the bare tier price list without
        one), each
        product at its smallest orderable quantity: a price break that starts
        above one unit is still a price the dealer gets. Priced now, or at
        ``date`` (a datetime)."""
        if not products:
            return {}
        if dealer:
            # Only elevated code may price as a named dealer; the audit's own.
            pricelist = pricelist.sudo().with_context(
                dealer_partner_id=dealer.id, dealer_division_id=division.id if division else False
            )
        rules = tier._get_quantity_rules(products)
        by_qty = defaultdict(list)
        for product in products:
            by_qty[max(rules.get(product.id, {}).get("min") or 1.0, 1.0)].append(product.id)
        prices = {}
        now = date or fields.Datetime.now()
        for qty, product_ids in by_qty.items():
            prices.update(pricelist._compute_price_rule(products.browse(product_ids), qty, date=now))
        return prices

    def _audit_price_findings(self, product, price_rule, pricelist, data):
        """The price problems of one already-priced product (no query)."""
        price, rule = price_rule
        currency = pricelist.currency_id
        public = product.lst_price
        if product.currency_id and product.currency_id != currency:
            public = product.currency_id._convert(public, currency, self.company_id, data["today"])
        label = product_label(product)
        common = {"product_id": product.id, "dealer_price": price, "list_price": public}
        if float_is_zero(price, precision_rounding=currency.rounding) or price < 0:
            return [
                {
                    **common,
                    "code": "zero_price",
                    "severity": "error",
                    "message": self.env._(
                        "%(product)s is priced %(price)s on %(pricelist)s.",
                        product=label,
                        price=currency.format(price),
                        pricelist=pricelist.display_name,
                    ),
                    "hint": self.env._("Give it a price: dealers would order it for free."),
                }
            ]
        findings = []
        if not rule:
            findings.append(
                {
                    **common,
                    "code": "no_price",
                    "severity": "warning",
                    "message": self.env._(
                        "%(product)s has no dealer price on %(pricelist)s: it sells at its public price %(price)s.",
                        product=label,
                        pricelist=pricelist.display_name,
                        price=currency.format(price),
                    ),
                    "hint": self.env._("Add a rule for it (or its category) to the price list, or exclude it."),
                }
            )
        if float_compare(price, public, precision_rounding=currency.rounding) > 0:
            findings.append(
                {
                    **common,
                    "code": "price_above_list",
                    "severity": "warning",
                    "message": self.env._(
                        "%(product)s: dealer price %(price)s is above the public price %(public)s.",
                        product=label,
                        price=currency.format(price),
                        public=currency.format(public),
                    ),
                    "hint": self.env._("Check the rule that prices it; a dealer should not pay more than a consumer."),
                }
            )
        return findings

    # ------------------------------------------------------------------
    # Overview: catalog exceptions, unlinked price lists, upcoming agreements
    # ------------------------------------------------------------------
    def action_open_price_sheet_import(self):
        self.ensure_one()
        return self.env["dealer.price.sheet.import"]._action_open(audit=self)

    def _audit_check_catalog_exceptions(self, data):
        """``catalog_exception`` (overview): a dealer whose catalog is not
        exactly its tier's, through extra or blocked products."""
        result = []
        for dealer in data["dealers"]:
            extra = dealer.dealer_include_product_tmpl_ids
            blocked = dealer.dealer_exclude_product_tmpl_ids
            if not extra and not blocked:
                continue
            result.append(
                {
                    "code": "catalog_exception",
                    "severity": "info",
                    "partner_id": dealer.id,
                    "tier_id": dealer.dealer_tier_id.id,
                    "message": self.env._(
                        "%(dealer)s: %(extra)s extra product(s)%(extra_names)s and "
                        "%(blocked)s blocked product(s)%(blocked_names)s beside its tier's catalog.",
                        dealer=dealer.display_name,
                        extra=len(extra),
                        extra_names=self._audit_names(extra),
                        blocked=len(blocked),
                        blocked_names=self._audit_names(blocked),
                    ),
                    "hint": self.env._("Check that the manufacturer agreed to these exceptions."),
                }
            )
        return result

    def _audit_check_unlinked_pricelists(self, data):
        """``pricelist_unlinked`` (overview): a price list of the company
        that no tier uses, so no dealer buys at it (a legacy list still to
        map, or one for other customers)."""
        pricelists = self.env["product.pricelist"].search(
            [
                ("company_id", "in", [self.company_id.id, False]),
                ("dealer_tier_ids", "=", False),
                ("dealer_is_special", "=", False),
            ],
            order="name, id",
        )
        return [
            {
                "code": "pricelist_unlinked",
                "severity": "info",
                "pricelist_id": pricelist.id,
                "message": self.env._(
                    "Price list %(pricelist)s is linked to no tier: no dealer buys at it.",
                    pricelist=pricelist.display_name,
                ),
                "hint": self.env._("Link it to a tier if dealers should buy at it, or archive it."),
            }
            for pricelist in pricelists
        ]

    def _audit_check_upcoming_agreements(self, data):
        """``agreement_starting`` (overview): an agreement that starts within
        the audit's ``expiry_days``; its prices are not in force yet."""
        today = data["today"]
        limit = today + timedelta(days=self.expiry_days)
        return [
            {
                "code": "agreement_starting",
                "severity": "info",
                "partner_id": agreement.partner_id.id,
                "tier_id": agreement.partner_id.dealer_tier_id.id,
                "agreement_id": agreement.id,
                "date_start": agreement.date_start,
                "date_end": agreement.date_end,
                "message": self.env._(
                    "Agreement %(agreement)s of %(dealer)s starts on %(date)s, in %(days)s day(s).",
                    agreement=agreement.display_name,
                    dealer=agreement.partner_id.display_name,
                    date=agreement.date_start,
                    days=(agreement.date_start - today).days,
                ),
                "hint": self.env._("Until then the dealer buys at its tier's prices."),
            }
            for agreement in data["agreements"].filtered(lambda a: today < a.date_start <= limit)
        ]

    def _audit_names(self, records, limit=5):
        """`` (A, B and 3 more)`` for a message, empty for no record."""
        if not records:
            return ""
        names = ", ".join(records[:limit].mapped("display_name"))
        if len(records) > limit:
            names = self.env._("%(names)s and %(count)s more", names=names, count=len(records) - limit)
        return f" ({names})"

    # ------------------------------------------------------------------
    # Reconciliation with the manufacturer's price sheets
    # ------------------------------------------------------------------
    def _audit_price_sheets(self):
        """The sheets this audit reconciles: its own, else every active
        sheet of its company."""
        self.ensure_one()
        if self.sheet_ids:
            return self.sheet_ids.filtered(lambda s: s.company_id == self.company_id)
        return self.env["dealer.price.sheet"].search([("company_id", "=", self.company_id.id)])

    def _audit_check_price_sheets(self, data):
        """One finding per difference between the price sheets and Odoo:

        - ``sheet_unknown_dealer``: a row names no tier or dealer of Odoo;
        - ``sheet_product_missing``: its SKU is no product, or the product is
          not in the catalog of the tier (dealer) it is listed for;
        - ``sheet_tier_differs``: a dealer listed under another tier than
          its own;
        - ``sheet_price_differs``: the sheet price is not what the tier (the
          dealer) is priced at on the row's date (today, or the day the row
          becomes valid), both figures kept;
        - ``sheet_exception_missing``: a dealer's sheet price differs from
          what Odoo gives it and no agreement of the dealer prices it.

        Rows that ended before today are history, not reconciled. Dealer
        rows of dealers the audit does not cover are left to their audit.
        Rows are matched in three queries and priced with
        ``_audit_price_products`` once per tier, dealer and date: queries
        grow with those, never with rows.
        """
        sheets = self._audit_price_sheets()
        if not sheets:
            return []
        today = data["today"]
        lines = self.env["dealer.price.sheet.line"].search(
            [("sheet_id", "in", sheets.ids), "|", ("date_end", "=", False), ("date_end", ">=", today)],
            order="sheet_id, row, id",
        )
        if not lines:
            return []
        matches = lines._dealer_resolve()
        tiers = {
            tier.id: tier for tier in self.env["dealer.tier"].browse({m["tier_id"] for m in matches.values()} - {False})
        }
        dealers = {
            dealer.id: dealer
            for dealer in self.env["res.partner"].browse({m["partner_id"] for m in matches.values()} - {False})
        }
        products = {
            product.id: product
            for product in self.env["product.product"].browse({m["product_id"] for m in matches.values()} - {False})
        }
        audited_dealer_ids = set(data["dealers"].ids)
        audited_tier_ids = set(data["tiers"].ids)
        terms_divisions = {(terms.partner_id.id, terms.tier_id.id): terms.division_id for terms in data["terms"]}
        unknown_targets = defaultdict(list)
        unknown_skus = defaultdict(list)
        tier_differs = defaultdict(list)
        groups = defaultdict(list)
        for line in lines:
            match = matches[line.id]
            tier = tiers.get(match["tier_id"])
            dealer = dealers.get(match["partner_id"])
            # A dealer or tier named in its own column must be found too: a
            # dealer row is not quietly read as its tier's.
            unknown = (
                (line.dealer_text and not dealer and line.dealer_text)
                or (line.tier_text and not tier and line.tier_text)
                or (not tier and not dealer and line.target_text)
            )
            if unknown:
                unknown_targets[(line.sheet_id, unknown)].append(line)
                continue
            if not match["product_id"]:
                unknown_skus[(line.sheet_id, line.sku)].append(line)
                continue
            day = max(today, line.date_start or today)
            if dealer:
                if dealer.id not in audited_dealer_ids:
                    continue
                own_tier = dealer.dealer_tier_id
                # A tier of the dealer's terms in a division is one of its own.
                in_terms = bool(tier) and (dealer.id, tier.id) in terms_divisions
                if tier and tier != own_tier and not in_terms:
                    tier_differs[(dealer, tier, line.sheet_id)].append(line)
                priced_tier = tier if in_terms else own_tier
                if not priced_tier.pricelist_id:
                    continue  # reported as no_tier / tier_no_pricelist
                groups[(priced_tier, dealer, day)].append((line, products[match["product_id"]]))
            elif tier.id in audited_tier_ids and tier.pricelist_id:
                groups[(tier, None, day)].append((line, products[match["product_id"]]))
        result = [
            self._audit_sheet_finding(
                "sheet_unknown_dealer",
                rows,
                self.env._(
                    "%(text)s in the price sheet %(sheet)s (row %(rows)s) is neither a tier nor a dealer.",
                    text=text,
                    sheet=sheet.display_name,
                    rows=self._audit_rows(rows),
                ),
                self.env._("Create the dealer or tier with this reference, name or code, or correct the sheet."),
            )
            for (sheet, text), rows in unknown_targets.items()
        ]
        result += [
            self._audit_sheet_finding(
                "sheet_product_missing",
                rows,
                self.env._(
                    "SKU %(sku)s of the price sheet %(sheet)s (row %(rows)s) is no product.",
                    sku=sku,
                    sheet=sheet.display_name,
                    rows=self._audit_rows(rows),
                ),
                self.env._("Create the product with this internal reference, or correct the sheet."),
                sheet_price=rows[0].price,
            )
            for (sheet, sku), rows in unknown_skus.items()
        ]
        result += [
            self._audit_sheet_finding(
                "sheet_tier_differs",
                rows,
                self.env._(
                    "The price sheet %(sheet)s lists %(dealer)s under %(sheet_tier)s (row %(rows)s); "
                    "it is configured in %(tier)s.",
                    sheet=sheet.display_name,
                    dealer=dealer.display_name,
                    sheet_tier=tier.display_name,
                    rows=self._audit_rows(rows),
                    tier=dealer.dealer_tier_id.display_name or self.env._("no tier"),
                ),
                self.env._("Move the dealer to the sheet's tier, or correct the sheet."),
                partner_id=dealer.id,
                tier_id=dealer.dealer_tier_id.id,
            )
            for (dealer, tier, sheet), rows in tier_differs.items()
        ]
        result += self._audit_sheet_prices(groups, data)
        return result

    def _audit_sheet_prices(self, groups, data):
        """``sheet_product_missing`` (not in the catalog), then
        ``sheet_price_differs`` / ``sheet_exception_missing`` for ``groups``:
        ``{(tier, dealer or None, date): [(sheet line, product)]}``."""
        Product = self.env["product.product"]
        today = data["today"]
        with_agreement = set(data["agreements_in_force"].partner_id.ids)
        terms_divisions = {(terms.partner_id.id, terms.tier_id.id): terms.division_id for terms in data["terms"]}
        plain_by_tier = {}
        for dealer in data["dealers"]:
            if dealer.id not in with_agreement:
                plain_by_tier.setdefault(dealer.dealer_tier_id.id, dealer)
        allowed_cache, rates, missing, pending = {}, {}, defaultdict(list), []
        for (tier, dealer, day), rows in groups.items():
            pricelist = tier.pricelist_id
            currency = pricelist.currency_id
            wanted = Product.browse({product.id for __, product in rows})
            key = (tier.id, dealer.id if dealer else None)
            if key not in allowed_cache:
                catalog = tier._get_assortment_domain("product.product", partner=dealer)
                allowed_cache[key] = Product.search([("id", "in", wanted.ids), *catalog])
            elif not set(wanted.ids) <= set(allowed_cache[key].ids):
                catalog = tier._get_assortment_domain("product.product", partner=dealer)
                allowed_cache[key] |= Product.search([("id", "in", wanted.ids), *catalog])
            allowed = allowed_cache[key] & wanted
            allowed_ids = set(allowed.ids)
            when = fields.Datetime.now() if day == today else datetime.combine(day, time(12))
            priced_dealer = dealer or plain_by_tier.get(tier.id)
            division = terms_divisions.get((priced_dealer.id, tier.id)) if priced_dealer else None
            prices = self._audit_price_products(pricelist, allowed, tier, priced_dealer, when, division=division)
            for line, product in rows:
                if product.id not in allowed_ids:
                    missing[(tier, dealer, product, line.sheet_id)].append(line)
                    continue
                sheet_currency = line.sheet_id.currency_id
                sheet_price = line.price
                if sheet_currency != currency:
                    rate_key = (sheet_currency.id, currency.id, day)
                    if rate_key not in rates:
                        rates[rate_key] = sheet_currency._get_conversion_rate(
                            sheet_currency, currency, self.company_id, day
                        )
                    sheet_price = currency.round(sheet_price * rates[rate_key])
                price, rule_id = prices[product.id]
                if float_compare(price, sheet_price, precision_rounding=currency.rounding):
                    pending.append((line, tier, dealer, product, day, price, sheet_price, rule_id))
        result = [
            self._audit_sheet_finding(
                "sheet_product_missing",
                rows,
                self.env._(
                    "%(product)s is in the price sheet %(sheet)s for %(who)s (row %(rows)s) but not in its catalog.",
                    product=product_label(product),
                    sheet=sheet.display_name,
                    who=(dealer or tier).display_name,
                    rows=self._audit_rows(rows),
                ),
                self.env._("Add it to the tier's assortment (or the dealer's extra products), or correct the sheet."),
                partner_id=dealer.id if dealer else False,
                tier_id=tier.id,
                product_id=product.id,
                sheet_price=rows[0].price,
            )
            for (tier, dealer, product, sheet), rows in missing.items()
        ]
        # Which rule priced each product decides between a wrong agreement
        # and a missing one; all rules are read at once.
        rules = self.env["product.pricelist.item"].browse({p[7] for p in pending} - {False, None})
        rules.mapped("dealer_agreement_id.partner_id")
        for line, tier, dealer, product, day, price, sheet_price, rule_id in pending:
            currency = tier.pricelist_id.currency_id
            agreed = dealer and rules.browse(rule_id).dealer_agreement_id.partner_id == dealer
            values = {
                "partner_id": dealer.id if dealer else False,
                "tier_id": tier.id,
                "pricelist_id": tier.pricelist_id.id,
                "product_id": product.id,
                "dealer_price": price,
                "list_price": product.lst_price,
                "sheet_price": sheet_price,
                "date_start": day,
            }
            labels = {
                "product": product_label(product),
                "who": (dealer or tier).display_name,
                "sheet": line.sheet_id.display_name,
                "row": line.row,
                "sheet_price": currency.format(sheet_price),
                "price": currency.format(price),
                "date": day,
            }
            if dealer and not agreed:
                code = "sheet_exception_missing"
                message = self.env._(
                    "%(who)s: the price sheet %(sheet)s (row %(row)s) gives %(product)s at %(sheet_price)s, "
                    "but no agreement of the dealer prices it; Odoo prices it at %(price)s on %(date)s.",
                    **labels,
                )
                hint = self.env._(
                    "Create a pricing agreement for the dealer at the sheet's price, or correct the sheet."
                )
            else:
                code = "sheet_price_differs"
                message = self.env._(
                    "%(product)s for %(who)s: the price sheet %(sheet)s (row %(row)s) says %(sheet_price)s, "
                    "Odoo prices it at %(price)s on %(date)s.",
                    **labels,
                )
                hint = self.env._("Correct the tier's price list (or the dealer's agreement or scheme), or the sheet.")
            result.append(self._audit_sheet_finding(code, line, message, hint, **values))
        return result

    def _audit_sheet_finding(self, code, rows, message, hint, **values):
        """An error finding on ``rows``, lines of one price sheet, pointing
        at the first of them; ``values`` are the finding's other fields."""
        return {
            "code": code,
            "severity": "error",
            "sheet_id": rows[0].sheet_id.id,
            "sheet_line_id": rows[0].id,
            "message": message,
            "hint": hint,
            **values,
        }

    def _audit_rows(self, lines, limit=10):
        """Row numbers of sheet lines for a message: "3, 5, 9 and 4 more"."""
        shown = ", ".join(str(line.row) for line in lines[:limit])
        if len(lines) > limit:
            shown = self.env._("%(rows)s and %(count)s more", rows=shown, count=len(lines) - limit)
        return shown


# ----------------------------------------------------------------------
# Pure helpers: no query, on records already read
# ----------------------------------------------------------------------
def _in_force(period, today):
    return period.date_start <= today and (not period.date_end or period.date_end >= today)


def _dates_overlap(first, second):
    first_end = first.date_end or fields.Date.to_date("9999-12-31")
    second_end = second.date_end or fields.Date.to_date("9999-12-31")
    return first.date_start <= second_end and second.date_start <= first_end


def _item_scope(item):
    """``(variant, template, category parent_path)`` an item applies to."""
    if item.applied_on == "3_global":
        return None, None, ""
    if item.applied_on == "2_product_category":
        return None, None, item.categ_id.parent_path
    if item.applied_on == "1_product":
        return None, item.product_tmpl_id, item.product_tmpl_id.categ_id.parent_path
    return item.product_id, item.product_id.product_tmpl_id, item.product_id.categ_id.parent_path


def _items_overlap(items_a, items_b):
    """``(True, scope)`` with the first product, template or category (empty
    for "everything") both item sets price, else ``(False, None)``. Global
    items overlap with anything."""
    for item_a in items_a:
        variant_a, tmpl_a, path_a = _item_scope(item_a)
        for item_b in items_b:
            variant_b, tmpl_b, path_b = _item_scope(item_b)
            if variant_a and variant_b:
                if variant_a == variant_b:
                    return True, variant_a
            elif tmpl_a and tmpl_b:
                if tmpl_a == tmpl_b:
                    return True, variant_a or variant_b or tmpl_a
            elif tmpl_a or tmpl_b:
                # One side is a category (or global): it covers the other's product.
                path_cat = path_b if tmpl_a else path_a
                path_prod = path_a if tmpl_a else path_b
                if path_prod.startswith(path_cat):
                    return True, variant_a or variant_b or tmpl_a or tmpl_b
            elif path_a.startswith(path_b) or path_b.startswith(path_a):
                longest = item_a if len(path_a) >= len(path_b) else item_b
                return True, longest.categ_id
    return False, None


def _items_products(items, products):
    """The part of ``products`` some of ``items`` may price."""
    if not items:
        return products.browse()
    if any(item.applied_on == "3_global" for item in items):
        return products
    variant_ids = set(items.filtered(lambda i: i.applied_on == "0_product_variant").product_id.ids)
    templates = items.filtered(lambda i: i.applied_on == "1_product").product_tmpl_id
    paths = tuple(items.filtered(lambda i: i.applied_on == "2_product_category").categ_id.mapped("parent_path"))
    if not paths:
        # Product-level items only (the usual agreement): match ids, without
        # reading every product of the assortment.
        wanted = variant_ids | set(templates.product_variant_ids.ids)
        return products.browse([pid for pid in products._ids if pid in wanted])
    tmpl_ids = set(templates.ids)
    return products.filtered(
        lambda p: (
            p.id in variant_ids
            or p.product_tmpl_id.id in tmpl_ids
            or (paths and p.categ_id.parent_path.startswith(paths))
        )
    )


def _scope_product_id(scope):
    """The id of the product an overlap is about, or False for a category."""
    if scope._name == "product.template":
        return scope.product_variant_ids[:1].id
    if scope._name == "product.product":
        return scope.id
    return False
