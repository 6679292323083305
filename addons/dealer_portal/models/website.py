import time
from collections.abc import MutableMapping

from werkzeug import urls

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import local_path, request_memoized

CATALOG_PAGE_SIZE = 24
# The catalog page counts its products up to this bound (or the pager's last
# page), then shows "1000+": an exact count reads every product of the
# catalog, so the page would slow down as the catalog grows.
CATALOG_COUNT_LIMIT = 1000
# The division switcher's entries stay in the session this many seconds.
SWITCHER_TTL = 300
SWITCHER_SESSION_KEY = "dealer_division_switcher"

# The website builder's colour palette of a website (o-color-1 .. o-color-5).
PALETTE_SCSS_URL = "/website/static/src/scss/options/colors/user_color_palette.scss"


class Website(models.Model):
    _inherit = "website"

    dealer_public_catalog = fields.Boolean(
        "Public Dealer Catalog",
        help="Visitors who are not signed in may browse the dealer catalog, without prices "
        "and without ordering. Off: they are sent to the login page.",
    )

    dealer_division_id = fields.Many2one(
        "dealer.division",
        "Dealer Division",
        index="btree_not_null",
        help="The brand or division this website is the portal of: its dealers' terms, catalog and brand apply.",
    )
    dealer_hide_vendor_promotion = fields.Boolean(
        "Hide Vendor Promotion",
        default=True,
        help='Dealer-facing pages show no "Powered by Odoo" and no Odoo sample content: the header and '
        "footer show the division's (or the company's) name, address and contact.",
    )

    # ------------------------------------------------------------------
    # Business: who is shopping, in which division
    # ------------------------------------------------------------------
    def _dealer_current_dealer(self):
        """The dealer company (sudo) of the signed-in portal user, or empty."""
        return self.env.user._dealer_commercial_partner()

    def _dealer_division(self):
        """The division this website is the portal of (sudo: a brand's
        identity is public to its dealers, whatever their company), or an
        empty recordset. The one source of a request's division: never a
        parameter or a context key from the browser."""
        return self.sudo().dealer_division_id

    def _dealer_current_tier(self, dealer_sudo=None):
        """The signed-in dealer's tier (sudo) in this website's division, or
        empty: the dealer does not trade with the division. Looked up once
        per request (every page asks it several times: price list, shop
        domain, catalog, the division gate)."""
        current_sudo = self._dealer_current_dealer()
        if dealer_sudo is not None and dealer_sudo != current_sudo:
            return dealer_sudo._dealer_tier(self._dealer_division()) if dealer_sudo else self.env["dealer.tier"]
        if not current_sudo:
            return self.env["dealer.tier"]
        return request_memoized(
            ("tier", self.id, self.env.uid), lambda: current_sudo._dealer_tier(self._dealer_division())
        )

    def _dealer_division_refusal(self):
        """None when the signed-in user may shop on this website; for a
        dealer user whose company does not trade with this website's
        division, the values of the page that says so: ``{"dealer_name",
        "division_name", "message", "switch"}`` (``switch``: the company's own
        divisions, as ``_dealer_division_switcher``)."""
        division = self._dealer_division()
        if not division:
            return None
        dealer_sudo = self._dealer_current_dealer()
        # _dealer_trades_with(division), from the request's tier look-up.
        if not dealer_sudo or self._dealer_current_tier():
            return None
        return {
            "dealer_name": dealer_sudo.name,
            "division_name": division.name,
            "message": self.env._(
                "%(dealer)s does not buy from %(division)s.", dealer=dealer_sudo.name, division=division.name
            ),
            "switch": self._dealer_division_switcher(),
        }

    def _dealer_division_switcher(self):
        """The divisions the signed-in dealer user's company trades with, as
        the header's switcher lists them: ``[{"website_id", "name",
        "logo_url", "current"}]`` (this website's own first), or [] when
        there is nothing to switch to. Websites of other divisions are
        configuration the portal user does not read.

        Kept in the session for a few minutes: the header shows it on every
        page, and what it offers is checked again when a switch is asked
        (``dealer.division.ticket._dealer_check_target``)."""
        dealer_sudo = self._dealer_current_dealer()
        if not dealer_sudo or not self._dealer_division():
            return []
        session = getattr(request, "session", None) if request else None
        session = session if isinstance(session, MutableMapping) else None
        key = f"{self.id}:{self.env.uid}"
        cache = dict(session.get(SWITCHER_SESSION_KEY) or {}) if session is not None else {}
        cached = cache.get(key)
        if cached and cached.get("until", 0) > time.time():
            return cached["entries"]
        entries = self._dealer_division_switcher_entries(dealer_sudo)
        if session is not None:
            cache[key] = {"until": time.time() + SWITCHER_TTL, "entries": entries}
            session[SWITCHER_SESSION_KEY] = cache
        return entries

    def _dealer_division_switcher_entries(self, dealer_sudo):
        divisions = dealer_sudo._dealer_divisions()
        if not divisions:
            return []
        # The divisions' websites, for their names and URLs only: portal users cannot read websites.
        websites_sudo = self.sudo().search([("dealer_division_id", "in", divisions.ids)])
        websites_sudo = websites_sudo.sorted(lambda w: (w != self, w.dealer_division_id.sequence, w.id))
        entries = [
            {
                "website_id": website_sudo.id,
                "name": website_sudo.dealer_division_id.name,
                "logo_url": f"/web/image/website/{website_sudo.id}/logo/160x40",
                "current": website_sudo == self,
            }
            for website_sudo in websites_sudo
        ]
        return entries if any(not e["current"] for e in entries) else []

    def _dealer_division_switch_url(self, target_website_id, redirect="/my/catalog"):
        """Where the switcher of this website sends the signed-in user for
        the website ``target_website_id`` (its own domain), to open
        ``redirect`` there: the target's ``begin`` of the switch
        (``dealer.division.ticket``), for a division the user's company
        trades with; AccessError for any other website."""
        target_sudo = self._dealer_division_website(target_website_id)
        self.env["dealer.division.ticket"]._dealer_check_target(target_sudo)
        query = urls.url_encode({"website_id": self.id, "redirect": local_path(redirect)})
        return f"{target_sudo.get_base_url()}/dealer/division/begin?{query}"

    def _dealer_division_begin(self, source_website_id, redirect="/my/catalog"):
        """Begin a switch to this website from the division website
        ``source_website_id``, in the browser of this request: ``(nonce,
        url)``, the nonce for that browser's cookie and the source's URL
        that issues a ticket bound to its hash. The source's address is its
        website's own domain, never the request's. AccessError when the
        source is no division's website."""
        source_sudo = self._dealer_division_website(source_website_id)
        if not source_sudo.dealer_division_id:
            raise AccessError(self.env._("This division switch did not start on a division's website."))
        nonce, state = self.env["dealer.division.ticket"]._dealer_new_state()
        query = urls.url_encode({"state": state, "website_id": self.id, "redirect": local_path(redirect)})
        return nonce, f"{source_sudo.get_base_url()}/dealer/division/ticket?{query}"

    def _dealer_division_enter_url(self, target_website_id, state, redirect="/my/catalog"):
        """The URL that signs the current user in on the website
        ``target_website_id`` (its own domain), in the browser whose nonce
        hashes to ``state``, and opens ``redirect`` there: a one-time ticket
        (``dealer.division.ticket._dealer_issue``); AccessError for a
        division the user's company does not trade with or a malformed
        state."""
        target_sudo = self._dealer_division_website(target_website_id)
        token = self.env["dealer.division.ticket"]._dealer_issue(target_sudo, state)
        query = urls.url_encode({"ticket": token, "redirect": local_path(redirect)})
        return f"{target_sudo.get_base_url()}/dealer/division/enter?{query}"

    def _dealer_division_website(self, website_id):
        """The website ``website_id`` of a switch (sudo: its domain and
        division only; portal users and visitors cannot read websites), or
        AccessError when there is none."""
        try:
            website_id = int(website_id)
        except (TypeError, ValueError):
            website_id = 0
        # Any website of the database may be named here: only its domain and division are read.
        website_sudo = self.sudo().browse(website_id).exists() if 0 < website_id < 2**31 else self.browse()
        if not website_sudo:
            raise AccessError(self.env._("Your company does not buy from this division."))
        return website_sudo

    # ------------------------------------------------------------------
    # Hooks of website_sale
    # ------------------------------------------------------------------
    def _get_current_pricelist(self):
        """A dealer always shops at its tier's price list, its tier in this
        website's division.

        Native Odoo honours a partner's price list only when it is available
        on the website, and otherwise silently falls back to the first
        available list: a dealer would then see, and be charged, somebody
        else's prices. The tier list is returned whatever the website's
        price-list configuration."""
        pricelist = self._dealer_current_tier().pricelist_id
        if pricelist:
            return pricelist
        return super()._get_current_pricelist()

    def get_pricelist_available(self, show_visible=False):
        """A dealer may choose no other price list than its tier's: the price
        list switcher and ``/shop/change_pricelist`` offer nothing else."""
        pricelist = self._dealer_current_tier().pricelist_id
        if pricelist:
            return pricelist
        return super().get_pricelist_available(show_visible=show_visible)

    def sale_product_domain(self):
        """/shop, its search and its sitemap show a dealer only its assortment
        in this website's division."""
        domain = super().sale_product_domain()
        dealer_sudo = self._dealer_current_dealer()
        if dealer_sudo:
            domain = expression.AND(
                [domain, dealer_sudo._get_dealer_product_domain("product.template", self._dealer_division())]
            )
        return domain

    # ------------------------------------------------------------------
    # Business: the dealer catalog
    # ------------------------------------------------------------------
    def _dealer_catalog_domain(self, dealer, search="", categ_id=None):
        """Domain on ``product.product`` of the catalog page: the dealer's
        assortment (or, for the public catalog, every product sold on this
        website), narrowed by a search on name, SKU or barcode and by a
        product category. Evaluated in SQL only."""
        self.ensure_one()
        domain = [
            ("sale_ok", "=", True),
            ("is_published", "=", True),
            *self.website_domain(),
        ]
        if dealer:
            domain = expression.AND(
                [domain, dealer._get_dealer_product_domain("product.product", self._dealer_division())]
            )
        for word in (search or "").split()[:5]:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        ("name", "ilike", word),
                        ("default_code", "ilike", word),
                        ("barcode", "=", word),
                    ],
                ]
            )
        return self._dealer_catalog_in_category(domain, categ_id)

    @staticmethod
    def _dealer_catalog_in_category(domain, categ_id):
        """``domain`` narrowed to the products of category ``categ_id`` and
        its subcategories (unchanged without one)."""
        if not categ_id:
            return domain
        return expression.AND([domain, [("categ_id", "child_of", categ_id)]])

    def _dealer_catalog_values(
        self, search="", categ_id=None, page=1, ppg=CATALOG_PAGE_SIZE, url="/my/catalog", exact_count=False
    ):
        """Everything the catalog page shows, for the signed-in dealer (or the
        public catalog): one page of products with their dealer price, scheme,
        availability and quantity rules.

        A fixed number of queries per page, whatever the catalog size: one
        bounded count (``total``, with ``total_more`` when there are more,
        unless ``exact_count``), one search with limit, one query for the
        category filter (without a category, the count's own query serves
        it), then batched price, rule and availability look-ups
        on the page's products only. No query reads the whole catalog, so the
        page takes the same time at 1,000 or 100,000 products."""
        self.ensure_one()
        dealer_sudo = self._dealer_current_dealer()
        Product = self.env["product.product"].with_context(bin_size=True)
        base_domain = self._dealer_catalog_domain(dealer_sudo, search=search)
        # Narrowed here, not built again: the dealer's assortment is asked once.
        domain = self._dealer_catalog_in_category(base_domain, categ_id)
        # Without a category filter the count and the category filter look
        # at the same products: one bounded search serves both.
        matches = None
        if not exact_count and domain == base_domain:
            matches = self._dealer_catalog_matches(domain, self._dealer_catalog_count_limit(page, ppg) + 1)
            total, total_more = self._dealer_catalog_count(domain, page, ppg, matches=matches)
        else:
            total, total_more = self._dealer_catalog_count(domain, page, ppg, exact=exact_count)
        page = max(1, min(page or 1, (total - 1) // ppg + 1 if total else 1))
        pager = self.pager(
            url=url,
            total=total + 1 if total_more else total,
            page=page,
            step=ppg,
            scope=5,
            url_args={k: v for k, v in (("search", search), ("categ", categ_id)) if v},
        )
        products = Product.search(domain, limit=ppg, offset=pager["offset"], order="default_code, name, id")
        categories = self._dealer_catalog_categories(base_domain, matches=matches)
        values = {
            "dealer": dealer_sudo,
            "products": products,
            "pager": pager,
            "total": total,
            "total_more": total_more,
            "search": search,
            "categ_id": categ_id,
            "categories": categories,
            "show_prices": bool(dealer_sudo),
            "lines": {},
        }
        if not products:
            return values
        info = self._dealer_catalog_product_info(dealer_sudo, products)
        values["lines"] = info
        return values

    @staticmethod
    def _dealer_catalog_count_limit(page, ppg):
        """How far the catalog counts: ``CATALOG_COUNT_LIMIT`` products, or to
        the last page the pager shows from ``page`` (5 pages after it)."""
        return max(CATALOG_COUNT_LIMIT, (max(page or 1, 1) + 5) * ppg)

    def _dealer_catalog_matches(self, domain, limit):
        """``(count, categ_ids)`` of the first ``limit`` products found that
        match ``domain`` (on ``product.product``; no order, not a sort of
        the whole catalog): what both the bounded count and the category
        filter need, in one query that reads no product record."""
        Product = self.env["product.product"]
        query = Product._search(domain, limit=limit)
        rows = self.env.execute_query(query.select(Product._field_to_sql(Product._table, "categ_id", query)))
        return len(rows), {categ_id for (categ_id,) in rows if categ_id}

    def _dealer_catalog_count(self, domain, page, ppg, exact=False, matches=None):
        """``(count, more)``: the products matching ``domain`` (on
        ``product.product``), counted up to ``_dealer_catalog_count_limit``;
        ``more`` is True when there are more than ``count``. ``matches``:
        ``_dealer_catalog_matches`` of the same domain up to that limit and
        one more, when the caller has them (no query then)."""
        Product = self.env["product.product"]
        if exact:
            return Product.search_count(domain), False
        limit = self._dealer_catalog_count_limit(page, ppg)
        count = matches[0] if matches is not None else Product.search_count(domain, limit=limit + 1)
        return min(count, limit), count > limit

    def _dealer_catalog_categories(self, domain, matches=None):
        """The category filter: ``[{"id", "name"}]`` of the categories holding
        products of ``domain`` (on ``product.product``), sorted by name.

        Never a grouped count of the whole catalog. When ``domain`` matches
        at most ``CATALOG_COUNT_LIMIT`` products (a search), their categories
        are read from them. When it matches more (the catalog itself), one
        query walks the index on the product's category, jumping from one
        category to the next (a recursive "loose index scan": the first
        product of the next category that matches ``domain``): one probe per
        category, each found at once among so many matches. Three queries.
        ``matches``: ``_dealer_catalog_matches`` of ``domain`` (at least
        ``CATALOG_COUNT_LIMIT`` and one more), when the caller has them (one
        query less)."""
        Product = self.env["product.product"]
        if matches is None:
            matches = self._dealer_catalog_matches(domain, CATALOG_COUNT_LIMIT + 1)
        count, categ_ids = matches
        if count <= CATALOG_COUNT_LIMIT:
            categories = self.env["product.category"].browse(sorted(categ_ids))
        else:

            def first_categ_after(previous):
                query = Product._search(domain)
                categ = Product._field_to_sql(Product._table, "categ_id", query)
                query.add_where(SQL("%s > %s", categ, previous) if previous else SQL("%s IS NOT NULL", categ))
                query.order = categ
                query.limit = 1
                return query.select(categ)

            rows = self.env.execute_query(
                SQL(
                    """WITH RECURSIVE categ(id) AS (
                           (%s)
                           UNION ALL
                           SELECT (%s) FROM categ WHERE categ.id IS NOT NULL
                       )
                       SELECT id FROM categ WHERE id IS NOT NULL""",
                    first_categ_after(None),
                    first_categ_after(SQL("categ.id")),
                )
            )
            categories = self.env["product.category"].browse(categ_id for (categ_id,) in rows)
        return [
            {"id": categ.id, "name": categ.display_name} for categ in categories.sorted(lambda c: c.display_name or "")
        ]

    def _dealer_catalog_product_info(self, dealer_sudo, products):
        """Per product id: price, regular price and end date of a running
        scheme, quantity rule and availability. Batched over ``products``."""
        info = {
            p.id: {
                "price": None,
                "regular_price": None,
                "scheme_end": None,
                "rule": {"min": 0.0, "max": 0.0, "multiple": 0.0},
                "availability": None,
            }
            for p in products
        }
        if dealer_sudo:
            tier_sudo = self._dealer_current_tier(dealer_sudo)
            pricelist = tier_sudo.pricelist_id
            if pricelist:
                priced = pricelist.with_context(
                    dealer_partner_id=dealer_sudo.id, dealer_division_id=self._dealer_division().id or False
                )._compute_price_rule(products, 1.0)
                rule_ids = {rule_id for __, rule_id in priced.values() if rule_id}
                # Pricing rules are back-office records; only their scheme link is read.
                rules_sudo = self.env["product.pricelist.item"].sudo().browse(rule_ids)
                scheme_rules = {r.id: r for r in rules_sudo if r.dealer_scheme_id}
                scheme_products = products.filtered(lambda p: priced[p.id][1] in scheme_rules)
                regular = {}
                if scheme_products:
                    # The tier list's own price, without agreements and schemes:
                    # priced as a back-office user, for whom no dealer rule applies.
                    regular = (
                        pricelist.with_user(SUPERUSER_ID)
                        .with_context(dealer_partner_id=False)
                        ._compute_price_rule(scheme_products, 1.0)
                    )
                for product in products:
                    price, rule_id = priced[product.id]
                    line = info[product.id]
                    line["price"] = price
                    if rule_id in scheme_rules and product.id in regular and regular[product.id][0] > price:
                        line["regular_price"] = regular[product.id][0]
                        line["scheme_end"] = scheme_rules[rule_id].dealer_scheme_id.date_end
                        line["scheme_name"] = scheme_rules[rule_id].dealer_scheme_id.name
            rules = tier_sudo._get_quantity_rules(products)
            for product_id, rule in rules.items():
                info[product_id]["rule"] = rule
        availability = self._dealer_catalog_availability(dealer_sudo, products)
        for product_id, avail in availability.items():
            if product_id in info:
                info[product_id]["availability"] = avail
        return info

    def _dealer_catalog_availability(self, dealer_sudo, products):
        """Hook: ``{product_id: {"qty", "indicator", "incoming_date", "label"}}``
        from dealer_delivery's batched availability, or {} without a dealer."""
        if not dealer_sudo:
            return {}
        # Stock levels are warehouse data a portal user cannot read.
        return products.sudo()._dealer_get_availability(dealer_sudo)

    def _dealer_quick_search(self, term, limit=10):
        """Autocomplete of the quick order: up to ``limit`` products of the
        signed-in dealer's assortment matching ``term`` (name, SKU, barcode)."""
        self.ensure_one()
        dealer_sudo = self._dealer_current_dealer()
        term = (term or "").strip()[:60]
        if not dealer_sudo or len(term) < 2:
            return []
        products = self.env["product.product"].search(
            self._dealer_catalog_domain(dealer_sudo, search=term), limit=limit, order="default_code, name, id"
        )
        return [
            {
                "id": p.id,
                "sku": p.default_code or p.barcode or "",
                "name": p.name,
                "label": f"{p.default_code} – {p.name}" if p.default_code else p.name,
            }
            for p in products
        ]

    # ------------------------------------------------------------------
    # Brand: the division's identity on its website
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        websites = super().create(vals_list)
        websites.filtered("dealer_division_id")._dealer_apply_division_brand()
        return websites

    def write(self, vals):
        res = super().write(vals)
        if vals.get("dealer_division_id"):
            self._dealer_apply_division_brand()
        return res

    def _dealer_brand_division(self):
        """The division whose brand this website shows, for its pages."""
        self.ensure_one()
        # A brand's name, logo and footer are public; visitors cannot read divisions.
        return self.dealer_division_id.sudo()

    def _dealer_apply_division_brand(self):
        """Give each website its division's name, logo, favicon and colour
        palette. The palette is Odoo's own per-website theme customisation
        (the website builder's colour palette), so the page CSS and the
        builder show the division's colours."""
        for website in self.filtered("dealer_division_id"):
            division = website.dealer_division_id
            vals = {"name": division.name}
            if division.logo:
                vals["logo"] = division.logo
            if division.favicon:
                vals["favicon"] = division.favicon
            super(Website, website).write(vals)
            website._dealer_apply_palette(division._dealer_brand_palette())
        return True

    def _dealer_apply_palette(self, palette):
        """Write ``palette`` ({"o-color-1": "#hex", ...}) as this website's
        colour palette, as the website builder does."""
        self.ensure_one()
        assets = self.env["web_editor.assets"].with_context(website_id=self.id)
        assets.make_scss_customization(PALETTE_SCSS_URL, palette)
        # A compiled bundle is versioned by its files' URLs and write dates, and
        # every website's palette has the same URL: websites customised in one
        # transaction would share one bundle. A microsecond per website tells
        # them apart.
        attachment = assets._get_custom_attachment(
            assets._make_custom_asset_url(PALETTE_SCSS_URL, "web.assets_frontend")
        )
        if attachment:
            attachment.flush_recordset()
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_attachment SET write_date = write_date + make_interval(secs => %s) WHERE id IN %s",
                    self.id / 1e6,
                    tuple(attachment.ids),
                )
            )
            attachment.invalidate_recordset(["write_date"])
