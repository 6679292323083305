from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class DealerTier(models.Model):
    _name = "dealer.tier"
    _description = "Dealer Tier"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="Short code, e.g. GOLD.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    division_id = fields.Many2one(
        "dealer.division",
        "Division",
        index="btree_not_null",
        tracking=True,
        help="The division this tier belongs to. A dealer whose own tier belongs to a division trades with that "
        "division only (unless its terms add others). Empty: the tier applies in every division.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price List",
        tracking=True,
        index=True,
        help="Prices every dealer of this tier buys at. Agreements and schemes "
        "take precedence over it while they are in force.",
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id")
    categ_ids = fields.Many2many(
        "product.category",
        "dealer_tier_product_category_rel",
        "tier_id",
        "categ_id",
        string="Assortment Categories",
        help="Products of these categories and of their child categories are " "in the tier's catalog.",
    )
    include_product_tmpl_ids = fields.Many2many(
        "product.template",
        "dealer_tier_include_product_rel",
        "tier_id",
        "product_tmpl_id",
        string="Also Included Products",
    )
    exclude_product_tmpl_ids = fields.Many2many(
        "product.template",
        "dealer_tier_exclude_product_rel",
        "tier_id",
        "product_tmpl_id",
        string="Excluded Products",
    )
    quantity_rule_ids = fields.One2many("dealer.quantity.rule", "tier_id", string="Quantity Rules")
    partner_ids = fields.One2many(
        "res.partner",
        "dealer_tier_id",
        string="Dealers",
        domain=[("is_company", "=", True)],
    )
    dealer_count = fields.Integer(compute="_compute_dealer_count")
    assortment_count = fields.Integer(string="Products in Assortment", compute="_compute_assortment_count")
    note = fields.Html()

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A tier code must be unique."),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _compute_dealer_count(self):
        groups = self.env["res.partner"]._read_group(
            [("dealer_tier_id", "in", self.ids), ("is_company", "=", True)],
            ["dealer_tier_id"],
            ["__count"],
        )
        counts = {tier.id: count for tier, count in groups}
        for tier in self:
            tier.dealer_count = counts.get(tier.id, 0)

    def _compute_assortment_count(self):
        # One SQL count per tier (each has its own domain); tiers are few and
        # the count is shown on the form only.
        Product = self.env["product.template"]
        for tier in self:
            tier.assortment_count = Product.search_count(tier._get_assortment_domain("product.template"))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("include_product_tmpl_ids", "exclude_product_tmpl_ids")
    def _check_include_exclude(self):
        for tier in self:
            both = tier.include_product_tmpl_ids & tier.exclude_product_tmpl_ids
            if both:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s both includes and excludes %(products)s.",
                        tier=tier.display_name,
                        products=", ".join(both.mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _get_assortment_domain(self, model="product.product", partner=None, categ_paths=None):
        """Return the domain of products a dealer of this tier may buy.

        Evaluated entirely in SQL: categories (with their children) through
        their ``parent_path``, include/exclude membership as subqueries on
        the relation tables (the lists are never read), so its cost depends
        neither on the catalog's nor on the lists' size. ``partner`` is the
        dealer's commercial partner; its own extra includes and excludes
        override the tier's. ``categ_paths`` (the parent paths of the tier's
        categories) spares reading them when the caller has them. An empty
        tier (``self`` empty) matches nothing.
        """
        if not self:
            return [("id", "=", False)]
        self.ensure_one()
        if categ_paths is None:
            categ_paths = self.categ_ids.mapped("parent_path")

        def member(fname, ids):
            if model == "product.template":
                return (fname, "in", ids)
            # On variants (server-side domains only), the list as a sub-query
            # that does not depend on the row, which PostgreSQL reads once. The
            # ORM's EXISTS under an OR is costed once per product, and the
            # over-costed plan of a large catalog is JIT-compiled: 1.5 s per
            # query at 100,000 products, for a 13 ms scan.
            field = self.env["product.template"]._fields[fname]
            return (
                "product_tmpl_id",
                "in",
                SQL(
                    "(SELECT %s FROM %s WHERE %s IN %s)",
                    SQL.identifier(field.column1),
                    SQL.identifier(field.relation, to_flush=field),
                    SQL.identifier(field.column2),
                    tuple(ids),
                ),
            )

        positive = [member("dealer_include_tier_ids", self.ids)]
        for path in categ_paths:
            positive = ["|", ("categ_id.parent_path", "=like", f"{path}%"), *positive]
        negative = [member("dealer_exclude_tier_ids", self.ids)]
        if partner:
            partner_in = [member("dealer_include_partner_ids", partner.ids)]
            partner_out = [member("dealer_exclude_partner_ids", partner.ids)]
            positive = ["|", *partner_in, *positive]
            # A dealer's own include wins over its tier's exclude.
            negative = ["|", *partner_out, "&", *negative, "!", *partner_in]
        return ["&", "&", ("sale_ok", "=", True), *positive, "!", *negative]

    def _get_quantity_rules(self, products):
        """Return ``{product.id: {"min": x, "max": y, "multiple": z}}`` for
        ``products`` (``product.product``), in each product's own unit.

        The most specific source wins, as a whole: a tier rule for the
        product, then a tier rule for its nearest category, then the tier's
        default rule, then the product's own rule. 0 means "no limit".
        Two queries at most, whatever the number of products.
        """
        result = {}
        rules = self.quantity_rule_ids if self else self.env["dealer.quantity.rule"]
        by_tmpl = {r.product_tmpl_id.id: r for r in rules if r.product_tmpl_id}
        by_categ = {r.categ_id.id: r for r in rules if r.categ_id and not r.product_tmpl_id}
        default = next((r for r in rules if not r.product_tmpl_id and not r.categ_id), None)
        for product in products:
            tmpl = product.product_tmpl_id
            rule = by_tmpl.get(tmpl.id)
            if rule is None and by_categ:
                for categ_id in reversed([int(c) for c in tmpl.categ_id.parent_path.split("/") if c]):
                    if categ_id in by_categ:
                        rule = by_categ[categ_id]
                        break
            if rule is None and (tmpl.dealer_min_qty or tmpl.dealer_max_qty or tmpl.dealer_multiple_qty):
                result[product.id] = {
                    "min": tmpl.dealer_min_qty,
                    "max": tmpl.dealer_max_qty,
                    "multiple": tmpl.dealer_multiple_qty,
                }
                continue
            rule = rule or default
            result[product.id] = (
                {"min": rule.min_qty, "max": rule.max_qty, "multiple": rule.multiple_qty}
                if rule
                else {"min": 0.0, "max": 0.0, "multiple": 0.0}
            )
        return result

    def action_view_dealers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_pricing.res_partner_dealer_action")
        action["domain"] = [("dealer_tier_id", "=", self.id), ("is_company", "=", True)]
        action["context"] = {"default_dealer_tier_id": self.id, "default_is_company": True, "default_is_dealer": True}
        return action

    def action_view_assortment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assortment of %(tier)s", tier=self.display_name),
            "res_model": "product.template",
            "view_mode": "list,form",
            "domain": self._get_assortment_domain("product.template"),
        }
