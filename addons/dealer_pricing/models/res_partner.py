from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

# Fields that decide what a dealer buys and at which price: configuration,
# kept to sales managers.
DEALER_PRICING_FIELDS = (
    "is_dealer",
    "dealer_tier_id",
    "dealer_include_product_tmpl_ids",
    "dealer_exclude_product_tmpl_ids",
)
# Writing these may make a partner a dealer company (its own commercial
# partner) or change its configuration: the rights check runs on them.
DEALER_PRICING_TRIGGERS = {*DEALER_PRICING_FIELDS, "is_company", "parent_id"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_dealer = fields.Boolean("Dealer", tracking=True, help="This company buys through the dealer portal.")
    dealer_tier_id = fields.Many2one(
        "dealer.tier",
        string="Dealer Tier",
        tracking=True,
        index="btree_not_null",
        help="Decides the dealer's catalog, price list and quantity rules. "
        "Contacts and users inherit it from their company.",
    )
    dealer_include_product_tmpl_ids = fields.Many2many(
        "product.template",
        "res_partner_dealer_include_product_rel",
        "partner_id",
        "product_tmpl_id",
        string="Extra Products",
        help="Products this dealer may buy in addition to its tier's assortment.",
    )
    dealer_exclude_product_tmpl_ids = fields.Many2many(
        "product.template",
        "res_partner_dealer_exclude_product_rel",
        "partner_id",
        "product_tmpl_id",
        string="Blocked Products",
        help="Products of its tier's assortment this dealer may not buy.",
    )
    dealer_pricelist_id = fields.Many2one(
        "product.pricelist", string="Effective Price List", compute="_compute_dealer_pricelist_id"
    )
    dealer_assortment_count = fields.Integer("Products in Catalog", compute="_compute_dealer_assortment_count")
    dealer_terms_ids = fields.One2many("dealer.terms", "partner_id", string="Terms per Division")
    dealer_agreement_ids = fields.One2many("dealer.price.agreement", "partner_id", string="Pricing Agreements")

    def _commercial_fields(self):
        return super()._commercial_fields() + ["is_dealer", "dealer_tier_id"]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("commercial_partner_id.dealer_tier_id.pricelist_id")
    def _compute_dealer_pricelist_id(self):
        for partner in self:
            partner.dealer_pricelist_id = partner.commercial_partner_id.dealer_tier_id.pricelist_id

    def _compute_dealer_assortment_count(self):
        # One count per distinct catalog (tier plus dealer exceptions), not
        # per partner: contacts and dealers of a tier share theirs.
        Product = self.env["product.template"]
        counts = {}
        for partner in self:
            commercial_sudo = partner.sudo().commercial_partner_id
            if not commercial_sudo.dealer_tier_id:
                partner.dealer_assortment_count = 0
                continue
            key = (
                commercial_sudo.dealer_tier_id.id,
                tuple(commercial_sudo.dealer_include_product_tmpl_ids.ids),
                tuple(commercial_sudo.dealer_exclude_product_tmpl_ids.ids),
            )
            if key not in counts:
                counts[key] = Product.search_count(partner._get_dealer_product_domain("product.template"))
            partner.dealer_assortment_count = counts[key]

    @api.depends(
        "country_id",
        "specific_property_product_pricelist",
        "commercial_partner_id.dealer_tier_id.pricelist_id",
    )
    @api.depends_context("company", "country_code")
    def _compute_product_pricelist(self):
        """A dealer always buys at its tier's price list: the tier, not a copy
        on each partner, decides, so changing the tier reprices at once.
        Odoo's own resolution (country groups, the company default: several
        searches, on every page a signed-in dealer opens) is left to the
        other partners."""
        other_ids = []
        for partner in self:
            tier_pricelist = partner.commercial_partner_id.sudo().dealer_tier_id.pricelist_id
            if tier_pricelist and (not tier_pricelist.company_id or tier_pricelist.company_id == self.env.company):
                partner.property_product_pricelist = tier_pricelist
            else:
                other_ids.append(partner.id)
        if other_ids:
            return super(ResPartner, self.browse(other_ids))._compute_product_pricelist()
        return None

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any(f in vals for vals in vals_list for f in DEALER_PRICING_TRIGGERS) and not self._dealer_may_configure():
            if any(partners._dealer_pricing_snapshot().values()):
                self._dealer_check_pricing_rights()
        return partners

    def write(self, vals):
        # Compared before and after the write: whether a partner is a dealer
        # company itself (its own commercial partner) is only known once
        # ``is_company`` and ``parent_id`` are saved too.
        check = bool(DEALER_PRICING_TRIGGERS & set(vals)) and not self._dealer_may_configure()
        before = self._dealer_pricing_snapshot() if check else {}
        res = super().write(vals)
        if check and self._dealer_pricing_snapshot() != before:
            self._dealer_check_pricing_rights()
        return res

    def _dealer_may_configure(self):
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    def _dealer_pricing_snapshot(self):
        """{partner id: its dealer configuration} for the partners of ``self``
        that are their own commercial partner and carry one, else None.
        Contacts receive these fields from their company (commercial sync),
        which any user with contact rights may trigger; only the company's
        own values are configuration."""
        snapshot = {}
        for partner_sudo in self.sudo():
            values = None
            if partner_sudo == partner_sudo.commercial_partner_id:
                values = tuple(
                    partner_sudo[f].ids if partner_sudo._fields[f].relational else partner_sudo[f]
                    for f in DEALER_PRICING_FIELDS
                )
                values = values if any(values) else None
            snapshot[partner_sudo.id] = values
        return snapshot

    def _dealer_check_pricing_rights(self):
        if self._dealer_may_configure():
            return
        raise AccessError(self.env._("Only sales managers may change a dealer's tier or catalog."))

    # ------------------------------------------------------------------
    # Business: what a dealer is
    # ------------------------------------------------------------------
    def _dealer_is_dealer(self):
        """The one answer to "is this partner (its company) a dealer": the
        commercial partner is flagged a dealer *or* has a tier. Ordering
        (catalog, cart, submission) and the portal roles (prices, documents,
        foreign tokens) both follow it, so no dealer company gets an
        unrestricted path through either flag alone. A dealer without a tier
        buys nothing (its assortment is empty) until the back office sets one.
        Keep ``_dealer_dealer_domain`` and the role rules of dealer_portal
        (security/dealer_portal_security.xml) in step."""
        self.ensure_one()
        commercial_sudo = self.sudo().commercial_partner_id
        return bool(commercial_sudo.is_dealer or commercial_sudo.dealer_tier_id or commercial_sudo.dealer_terms_ids)

    @api.model
    def _dealer_dealer_domain(self, path="commercial_partner_id"):
        """``_dealer_is_dealer`` as a domain on the partner at ``path``."""
        return [
            "|",
            "|",
            (f"{path}.is_dealer", "=", True),
            (f"{path}.dealer_tier_id", "!=", False),
            (f"{path}.dealer_terms_ids", "!=", False),
        ]

    # ------------------------------------------------------------------
    # Business: terms per division
    # ------------------------------------------------------------------
    @api.model
    def _dealer_division_record(self, division):
        """``division`` (a ``dealer.division`` record, an id, or False/None)
        as a sudo'ed record, possibly empty: only its id is ever used to
        resolve terms, nothing of it is disclosed."""
        Division = self.env["dealer.division"].sudo()
        if isinstance(division, models.BaseModel):
            return Division.browse(division.ids[:1])
        if isinstance(division, int) and not isinstance(division, bool) and division:
            return Division.browse(division)
        return Division

    def _dealer_terms(self, division):
        """The ``dealer.terms`` row (sudo) of this partner's dealer (its
        commercial partner) in ``division``, or an empty recordset. Terms are
        configuration the dealer itself may not read in full."""
        self.ensure_one()
        division = self._dealer_division_record(division)
        Terms = self.env["dealer.terms"].sudo()
        if not division:
            return Terms
        return Terms.search(
            [("partner_id", "=", self.sudo().commercial_partner_id.id), ("division_id", "=", division.id)], limit=1
        )

    def _dealer_tier(self, division=None):
        """The tier (sudo) of this partner's dealer in ``division``: its terms
        row there, else its own tier when that tier belongs to the division
        or to none, else empty. Without a division: its own tier, else the
        tier of its only terms row. The one answer every reader of a
        dealer's tier asks (see ``_dealer_pricing_keys`` for the same in SQL)."""
        self.ensure_one()
        commercial_sudo = self.sudo().commercial_partner_id
        own = commercial_sudo.dealer_tier_id
        division = self._dealer_division_record(division)
        if not division:
            if own:
                return own
            terms = commercial_sudo.dealer_terms_ids
            return terms.tier_id if len(terms) == 1 else self.env["dealer.tier"].sudo()
        terms = self._dealer_terms(division)
        if terms:
            return terms.tier_id
        if own and (not own.division_id or own.division_id == division):
            return own
        return self.env["dealer.tier"].sudo()

    def _dealer_tiers(self, division=None):
        """``{partner id: tier (sudo)}`` of ``_dealer_tier(division)`` for
        every partner of ``self``, with one query for the terms rows whatever
        the number of partners (lists, credit positions, audits)."""
        partners_sudo = self.sudo()
        partners_sudo.fetch(["commercial_partner_id"])
        commercials_sudo = partners_sudo.commercial_partner_id
        commercials_sudo.fetch(["dealer_tier_id"])
        division = self._dealer_division_record(division)
        Tier = self.env["dealer.tier"].sudo()
        terms_sudo = (
            self.env["dealer.terms"]
            .sudo()
            .search(
                [("partner_id", "in", commercials_sudo.ids)] + ([("division_id", "=", division.id)] if division else [])
            )
        )
        by_partner = {}
        for terms in terms_sudo:
            by_partner.setdefault(terms.partner_id.id, []).append(terms.tier_id)
        result = {}
        for partner_sudo in partners_sudo:
            commercial_sudo = partner_sudo.commercial_partner_id
            own = commercial_sudo.dealer_tier_id
            rows = by_partner.get(commercial_sudo.id, [])
            if not division:
                tier = own or (rows[0] if len(rows) == 1 else Tier)
            elif rows:
                tier = rows[0]
            else:
                tier = own if own and (not own.division_id or own.division_id == division) else Tier
            result[partner_sudo.id] = tier
        return result

    def _dealer_divisions(self):
        """The divisions (sudo) this partner's dealer trades with: those of
        its terms rows, and those where its own tier applies (the tier's
        division, or every division of the tier's company when the tier
        belongs to none)."""
        self.ensure_one()
        commercial_sudo = self.sudo().commercial_partner_id
        divisions = commercial_sudo.dealer_terms_ids.division_id
        own = commercial_sudo.dealer_tier_id
        if own.division_id:
            divisions |= own.division_id
        elif own:
            domain = [("company_id", "=", own.company_id.id)] if own.company_id else []
            divisions |= self.env["dealer.division"].sudo().search(domain)
        return divisions.filtered("active").sorted()

    def _dealer_trades_with(self, division):
        """Whether this partner's dealer has terms (a tier) in ``division``."""
        self.ensure_one()
        return bool(self._dealer_tier(division))

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _get_dealer_product_domain(self, model="product.product", division=None):
        """The one answer to "which products may this dealer buy", as a domain
        on ``model`` (``product.product`` or ``product.template``), in
        ``division`` (see ``_dealer_tier``): its tier's assortment there,
        within the division's catalog scope.

        Catalogs, carts, imports and order checks all use it. It is pure SQL
        (no loop over products, one small lookup query), so it costs the same
        at 100 or 100,000 products. A partner without a tier may buy nothing.
        """
        self.ensure_one()
        keys = self._dealer_pricing_keys(division=division)
        if not keys["tier_id"]:
            return [("id", "=", False)]
        # Only ids are used: the tier is not read, so no access is granted.
        tier_sudo = self.env["dealer.tier"].sudo().browse(keys["tier_id"])
        partner = self.env["res.partner"].browse(keys["partner_id"])
        domain = tier_sudo._get_assortment_domain(model, partner=partner, categ_paths=keys["categ_paths"])
        if keys["division_categ_paths"]:
            prefix = "" if model == "product.template" else "product_tmpl_id."
            scope = expression.OR(
                [[(f"{prefix}categ_id.parent_path", "=like", f"{path}%")] for path in keys["division_categ_paths"]]
            )
            domain = expression.AND([domain, scope])
        return domain

    def _dealer_pricing_keys(self, division=None):
        """``{"partner_id", "tier_id", "pricelist_id", "categ_paths",
        "agreement_ids", "scheme_ids", "division_id",
        "division_categ_paths"}`` of this partner's dealer (its commercial
        partner) in ``division``, in one small query: the catalog and prices
        of every page need them, full partner and tier records are not.

        The tier is ``_dealer_tier(division)`` resolved in SQL; the division
        is the one given, else the tier's own; ``division_categ_paths`` its
        catalog scope (empty: every product). Tier and price list are False
        (lists empty) for a non-dealer or a dealer that does not trade with
        the division; agreements and schemes are the active ones, whatever
        their dates."""
        self.ensure_one()
        division_id = self._dealer_division_record(division).id or None
        self.env["res.partner"].flush_model(["parent_id", "commercial_partner_id", "dealer_tier_id"])
        self.env["dealer.tier"].flush_model(["pricelist_id", "categ_ids", "division_id"])
        self.env["dealer.terms"].flush_model(["partner_id", "division_id", "tier_id", "active"])
        self.env["dealer.division"].flush_model(["categ_ids"])
        self.env["product.category"].flush_model(["parent_path"])
        self.env["dealer.price.agreement"].flush_model(["partner_id", "active"])
        self.env["dealer.scheme"].flush_model(["tier_ids", "active"])
        self.env.cr.execute(
            SQL(
                """WITH dealer AS (
                    SELECT cp.id AS partner_id,
                           CASE
                               WHEN %(division)s::int IS NULL THEN COALESCE(
                                   cp.dealer_tier_id,
                                   (SELECT MIN(dt.tier_id)
                                      FROM dealer_terms dt
                                     WHERE dt.partner_id = cp.id AND dt.active
                                    HAVING COUNT(*) = 1))
                               ELSE COALESCE(
                                   (SELECT dt.tier_id
                                      FROM dealer_terms dt
                                     WHERE dt.partner_id = cp.id AND dt.active
                                       AND dt.division_id = %(division)s::int),
                                   (SELECT own.id
                                      FROM dealer_tier own
                                     WHERE own.id = cp.dealer_tier_id
                                       AND (own.division_id IS NULL OR own.division_id = %(division)s::int)))
                           END AS tier_id
                      FROM res_partner p
                      JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
                     WHERE p.id = %(partner)s
                )
                SELECT d.partner_id, t.id, t.pricelist_id,
                      ARRAY(SELECT c.parent_path
                              FROM dealer_tier_product_category_rel r
                              JOIN product_category c ON c.id = r.categ_id
                             WHERE r.tier_id = t.id
                          ORDER BY c.id),
                      ARRAY(SELECT a.id
                              FROM dealer_price_agreement a
                             WHERE a.partner_id = d.partner_id AND a.active
                          ORDER BY a.id),
                      ARRAY(SELECT r.scheme_id
                              FROM dealer_scheme_tier_rel r
                              JOIN dealer_scheme s ON s.id = r.scheme_id
                             WHERE r.tier_id = t.id AND s.active
                          ORDER BY r.scheme_id),
                      COALESCE(%(division)s::int, t.division_id),
                      ARRAY(SELECT c.parent_path
                              FROM dealer_division_product_category_rel r
                              JOIN product_category c ON c.id = r.categ_id
                             WHERE r.division_id = COALESCE(%(division)s::int, t.division_id)
                          ORDER BY c.id)
                 FROM dealer d
            LEFT JOIN dealer_tier t ON t.id = d.tier_id""",
                partner=self.id,
                division=division_id,
            )
        )
        row = self.env.cr.fetchone()
        if not row or not row[1]:
            return {
                "partner_id": row[0] if row else False,
                "tier_id": False,
                "pricelist_id": False,
                "categ_paths": [],
                "agreement_ids": [],
                "scheme_ids": [],
                "division_id": division_id or False,
                "division_categ_paths": [],
            }
        partner_id, tier_id, pricelist_id, paths, agreement_ids, scheme_ids, division_id, division_paths = row
        return {
            "partner_id": partner_id,
            "tier_id": tier_id,
            "pricelist_id": pricelist_id or False,
            "categ_paths": [path for path in paths if path],
            "agreement_ids": agreement_ids,
            "scheme_ids": scheme_ids,
            "division_id": division_id or False,
            "division_categ_paths": [path for path in division_paths if path],
        }

    def _dealer_allowed_products(self, products, division=None):
        """Return the subset of ``products`` (``product.product``) this dealer
        may buy in ``division``: in its assortment there, active (archived
        products are discontinued) and sold
        (``product.product._dealer_orderable_domain``). One query. The one
        assortment rule of every channel."""
        self.ensure_one()
        if not products:
            return products
        return products.with_context(active_test=True).search(
            [
                ("id", "in", products.ids),
                *self.env["product.product"]._dealer_orderable_domain(),
                *self._get_dealer_product_domain("product.product", division=division),
            ]
        )

    def action_view_dealer_assortment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Catalog of %(dealer)s", dealer=self.commercial_partner_id.display_name),
            "res_model": "product.template",
            "view_mode": "list,form",
            "domain": self._get_dealer_product_domain("product.template"),
        }

    def _dealer_active_pricing(self, division=None):
        """The agreements and schemes this dealer buys under today (in
        ``division``: the schemes of its tier there): the pricing contract
        any page that shows a dealer its terms reads.

        Returns ``{"agreements": [{id, name, reference, date_start, date_end,
        products, items}], "schemes": [{id, name, date_start, date_end,
        products, items}]}``: the dealer's own agreements and its tier's
        schemes in force; ``products`` are labels ("Brake pad BP-220", "All
        Brakes products"), ``items`` add each rule's minimum quantity and price.
        Headers are searched as the caller (portal record rules apply).
        """
        self.ensure_one()
        partner = self.commercial_partner_id
        # The tier is read for the dealer itself, not disclosed.
        tier = partner._dealer_tier(division)
        agreements = self.env["dealer.price.agreement"].search(
            [("partner_id", "=", partner.id), ("status", "=", "active")], order="date_end, id"
        )
        schemes = (
            self.env["dealer.scheme"].search(
                [("tier_ids", "in", tier.ids), ("status", "=", "active")], order="date_end, id"
            )
            if tier
            else self.env["dealer.scheme"]
        )
        agreement_values = agreements._dealer_pricing_summary()
        for agreement, values in zip(agreements, agreement_values):
            values["reference"] = agreement.reference or ""
        return {"agreements": agreement_values, "schemes": schemes._dealer_pricing_summary()}

    # ------------------------------------------------------------------
    # Brand of the dealer's documents
    # ------------------------------------------------------------------

    def _dealer_brand_division(self):
        """The division (sudo) whose brand the documents of this dealer carry
        when no order says which: its only division, else none (the
        company's brand, for a dealer of several divisions or of none)."""
        self.ensure_one()
        divisions = self._dealer_divisions()
        return divisions if len(divisions) == 1 else self.env["dealer.division"].sudo()
