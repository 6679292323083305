from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import DealerCommon


class DealerDivisionCommon(DealerCommon):
    """Two divisions of the fixture's manufacturer, on top of ``DealerCommon``.

    - Apex (``division_a``, team ``team_a``, prefix APX/): sells Parts.
    - Voltline (``division_b``, team ``team_b``): sells Brakes and Accessories.
    - ``tier_gold_a`` (Apex, Gold list 80 %, Brakes and Filters, quantity rule:
      pads by 2, at least 10) and ``tier_silver_b`` (Voltline, Silver list
      90 %, Brakes and Seat cover AC-1, quantity rule: pads by 5).
    - ``dealer_both``: own tier ``tier_gold_a``, terms in Voltline on
      ``tier_silver_b``. ``dealer_a``: own tier ``tier_gold_a``, no terms row
      (trades with Apex only).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Team = env["crm.team"]
        cls.team_a = Team.create({"name": "Apex team", "company_id": cls.company.id})
        cls.team_b = Team.create({"name": "Voltline team", "company_id": cls.company.id})
        Division = env["dealer.division"]
        cls.division_a = Division.create(
            {
                "name": "Apex Brakes",
                "code": "DCAPEX",
                "company_id": cls.company.id,
                "team_id": cls.team_a.id,
                "order_prefix": "APX/",
                "categ_ids": [Command.set(cls.categ_parts.ids)],
            }
        )
        cls.division_b = Division.create(
            {
                "name": "Voltline",
                "code": "DCVOLT",
                "company_id": cls.company.id,
                "team_id": cls.team_b.id,
                "categ_ids": [Command.set((cls.categ_brakes | cls.categ_accessories).ids)],
            }
        )
        Tier = env["dealer.tier"]
        cls.tier_gold_a = Tier.create(
            {
                "name": "Apex Gold",
                "code": "DCAPEXGOLD",
                "division_id": cls.division_a.id,
                "pricelist_id": cls.pricelist_gold.id,
                "categ_ids": [Command.set([cls.categ_brakes.id, cls.categ_filters.id])],
                "quantity_rule_ids": [
                    Command.create({"product_tmpl_id": cls.pad.product_tmpl_id.id, "min_qty": 10, "multiple_qty": 2})
                ],
            }
        )
        cls.tier_silver_b = Tier.create(
            {
                "name": "Voltline Silver",
                "code": "DCVOLTSILVER",
                "division_id": cls.division_b.id,
                "pricelist_id": cls.pricelist_silver.id,
                "categ_ids": [Command.set(cls.categ_brakes.ids)],
                "include_product_tmpl_ids": [Command.set(cls.cover.product_tmpl_id.ids)],
                "quantity_rule_ids": [
                    Command.create({"product_tmpl_id": cls.pad.product_tmpl_id.id, "multiple_qty": 5})
                ],
            }
        )
        Partner = env["res.partner"]
        cls.dealer_both = Partner.create(
            {
                "name": "Both Brands Motors",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier_gold_a.id,
                "dealer_terms_ids": [
                    Command.create({"division_id": cls.division_b.id, "tier_id": cls.tier_silver_b.id})
                ],
            }
        )
        cls.dealer_a = Partner.create(
            {"name": "Apex Only Garage", "is_company": True, "is_dealer": True, "dealer_tier_id": cls.tier_gold_a.id}
        )

    @classmethod
    def _create_division_order(cls, partner, division, lines, **vals):
        return cls._create_order(partner, lines, dealer_division_id=division.id, **vals)


@tagged("post_install", "-at_install")
class TestDivisionTerms(DealerDivisionCommon):
    def test_terms_resolution(self):
        both, a_only = self.dealer_both, self.dealer_a
        self.assertEqual(both._dealer_tier(self.division_a), self.tier_gold_a)
        self.assertEqual(both._dealer_tier(self.division_b.id), self.tier_silver_b, "an id is a division too")
        self.assertEqual(both._dealer_tier(), self.tier_gold_a, "no division: its own tier")
        self.assertEqual(both._dealer_terms(self.division_b).tier_id, self.tier_silver_b)
        self.assertFalse(both._dealer_terms(self.division_a), "its own tier: no row needed")
        self.assertEqual(both._dealer_divisions(), self.division_a | self.division_b)
        self.assertEqual(a_only._dealer_divisions(), self.division_a)
        self.assertTrue(a_only._dealer_trades_with(self.division_a))
        self.assertFalse(a_only._dealer_trades_with(self.division_b))
        self.assertFalse(a_only._dealer_tier(self.division_b))
        # A tier without a division applies in every division of its company.
        self.assertEqual(self.dealer_gold._dealer_divisions(), self.division_a | self.division_b)
        self.assertEqual(self.dealer_gold._dealer_tier(self.division_b), self.tier_gold)
        # Contacts answer for their company; the SQL keys say the same.
        contact = self.env["res.partner"].create({"name": "Bea Both", "parent_id": both.id})
        self.assertEqual(contact._dealer_tier(self.division_b), self.tier_silver_b)
        keys = contact._dealer_pricing_keys(division=self.division_b)
        self.assertEqual(keys["tier_id"], self.tier_silver_b.id)
        self.assertEqual(keys["pricelist_id"], self.pricelist_silver.id)
        self.assertEqual(keys["partner_id"], both.id)
        self.assertFalse(a_only._dealer_pricing_keys(division=self.division_b)["tier_id"])
        # Only terms rows, one of them: that row's tier without a division.
        terms_only = self.env["res.partner"].create(
            {
                "name": "Terms Only",
                "is_company": True,
                "dealer_terms_ids": [
                    Command.create({"division_id": self.division_b.id, "tier_id": self.tier_silver_b.id})
                ],
            }
        )
        self.assertEqual(terms_only._dealer_tier(), self.tier_silver_b)
        self.assertEqual(terms_only._dealer_pricing_keys()["tier_id"], self.tier_silver_b.id)
        self.assertTrue(terms_only._dealer_is_dealer())

    def test_pricing_keys_constant_queries(self):
        self.env.flush_all()
        for division in (self.division_a, self.division_b, False):
            with self.assertQueryCount(1):
                self.dealer_both._dealer_pricing_keys(division=division)

    def test_order_checks_in_a_division_cost_the_same_for_more_lines(self):
        Product = self.env["product.product"]
        products = Product.create(
            [
                {
                    "name": f"Disc {n}",
                    "default_code": f"DCDIV-{n}",
                    "categ_id": self.categ_brakes.id,
                    "list_price": 10.0,
                }
                for n in range(20)
            ]
        )
        if "is_published" in products._fields:
            products.write({"is_published": True})
        counts = []
        for size in (2, 20):
            order = self._create_division_order(self.dealer_both, self.division_b, [(p, 5) for p in products[:size]])
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            issues = order._get_dealer_order_issues()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(self._codes(issues), [])
        # The first run warms caches the second shares: never more for more lines.
        self.assertLessEqual(counts[1], counts[0], f"queries for 2 and 20 lines: {counts}")

    def test_two_prices_each_equal_to_the_backoffice_quotation(self):
        Pricelist = self.env["product.pricelist"].sudo()
        price_a = Pricelist.with_context(dealer_partner_id=self.dealer_both.id, dealer_division_id=self.division_a.id)
        price_b = Pricelist.with_context(dealer_partner_id=self.dealer_both.id, dealer_division_id=self.division_b.id)
        unit_a = self.pricelist_public.with_env(price_a.env)._get_product_price(self.pad, 10.0)
        unit_b = self.pricelist_public.with_env(price_b.env)._get_product_price(self.pad, 10.0)
        self.assertAlmostEqual(unit_a, 40.0)
        self.assertAlmostEqual(unit_b, 45.0)
        # Back-office quotations, their division from their sales team.
        order_a = self._create_order(self.dealer_both, [(self.pad, 10)], team_id=self.team_a.id)
        order_b = self._create_order(self.dealer_both, [(self.pad, 10)], team_id=self.team_b.id)
        self.assertEqual(order_a.dealer_division_id, self.division_a)
        self.assertEqual(order_b.dealer_division_id, self.division_b)
        self.assertEqual(order_a.dealer_tier_id, self.tier_gold_a)
        self.assertEqual(order_b.dealer_tier_id, self.tier_silver_b)
        self.assertEqual(order_a.pricelist_id, self.pricelist_gold)
        self.assertEqual(order_b.pricelist_id, self.pricelist_silver)
        self.assertAlmostEqual(order_a.order_line.price_unit, unit_a)
        self.assertAlmostEqual(order_b.order_line.price_unit, unit_b)
        self.assertFalse(order_b.order_line.dealer_price_nonstandard)
        self.assertAlmostEqual(order_b.order_line.dealer_system_price, unit_b)
        # Moving the quotation to the other division reprices it there.
        order_b.dealer_division_id = self.division_a
        self.assertEqual(order_b.pricelist_id, self.pricelist_gold)
        order_b.action_update_prices()
        self.assertAlmostEqual(order_b.order_line.price_unit, unit_a)

    def test_assortment_per_division_and_catalog_scope(self):
        products = self.pad | self.disc | self.filter | self.cover | self.oil
        self.assertEqual(
            self.dealer_both._dealer_allowed_products(products, division=self.division_a),
            self.pad | self.disc | self.filter,
        )
        # Voltline: Brakes and the included seat cover, within the division's scope.
        self.assertEqual(
            self.dealer_both._dealer_allowed_products(products, division=self.division_b),
            self.pad | self.disc | self.cover,
        )
        self.division_b.categ_ids = self.categ_brakes
        self.assertEqual(
            self.dealer_both._dealer_allowed_products(products, division=self.division_b),
            self.pad | self.disc,
            "the division does not sell accessories: the tier's include stops at its scope",
        )
        self.assertFalse(self.dealer_a._dealer_allowed_products(products, division=self.division_b))
        order = self._create_division_order(self.dealer_both, self.division_a, [(self.cover, 1), (self.pad, 10)])
        codes = self._codes(order._get_dealer_order_issues())
        self.assertEqual(codes, ["not_in_assortment"])

    def test_quantity_rules_per_division(self):
        order_a = self._create_division_order(self.dealer_both, self.division_a, [(self.pad, 15)])
        order_b = self._create_division_order(self.dealer_both, self.division_b, [(self.pad, 15)])
        self.assertEqual(self._codes(order_a._get_dealer_order_issues()), ["qty_not_multiple"])
        self.assertEqual(self._codes(order_b._get_dealer_order_issues()), [])
        order_b.order_line.product_uom_qty = 12
        self.assertEqual(self._codes(order_b._get_dealer_order_issues()), ["qty_not_multiple"])

    def test_order_against_terms_the_dealer_lacks_is_blocked(self):
        order = self._create_order(self.dealer_a, [(self.pad, 10)], team_id=self.team_b.id)
        self.assertEqual(order.dealer_division_id, self.division_b)
        self.assertTrue(order.is_dealer_order, "the one door holds: a dealer's order in any division")
        self.assertFalse(order.dealer_tier_id)
        issues = order._get_dealer_order_issues()
        self.assertEqual([i["code"] for i in issues], ["division_not_traded"])
        self.assertIn("Voltline", issues[0]["message"])
        self.assertIn("Apex Only Garage", issues[0]["message"])
        result = order.action_dealer_submit(channel="backoffice")
        self.assertEqual(result["outcome"], "blocked")
        self.assertEqual(order.state, "draft")

    def test_division_of_an_order(self):
        # The dealer's only division, with no team to say it: the order
        # takes the division's team.
        order = self._create_order(self.dealer_a, [(self.pad, 10)], team_id=False)
        self.assertEqual(order.dealer_division_id, self.division_a)
        self.assertEqual(order.team_id, self.team_a)
        self.assertTrue(order.name.startswith("APX/"), order.name)
        self.assertEqual(self._codes(order._get_dealer_order_issues()), [])
        # Two divisions and no team: nothing is guessed; its own tier applies.
        order = self._create_order(self.dealer_both, [(self.pad, 10)], team_id=False)
        self.assertFalse(order.dealer_division_id)
        self.assertEqual([i["code"] for i in order._get_dealer_order_issues()], [])
        # Explicit beats the team.
        order = self._create_order(
            self.dealer_both, [(self.pad, 10)], team_id=self.team_a.id, dealer_division_id=self.division_b.id
        )
        self.assertEqual(order.dealer_division_id, self.division_b)
        self.assertEqual(order.team_id, self.team_b)
        self.assertFalse(order.name.startswith("APX/"))
        # A quotation moved to another division moves to its team.
        order.dealer_division_id = self.division_a
        self.assertEqual((order.dealer_division_id, order.team_id), (self.division_a, self.team_a))

    def test_a_numbered_division_takes_no_standard_sale_number(self):
        # The standard sale sequence keeps no gap for a division's order: its
        # numbers stay consecutive for the orders it numbers.
        standard = self.env["ir.sequence"].search(
            [("code", "=", "sale.order"), ("company_id", "in", [self.env.company.id, False])], limit=1
        )
        division_sequence = self.division_a.sequence_id

        def next_numbers():
            # Read from PostgreSQL's sequences each time, not from the cache.
            (standard | division_sequence).invalidate_recordset(["number_next_actual"])
            return standard.number_next_actual, division_sequence.number_next_actual

        before, division_before = next_numbers()
        order = self._create_order(self.dealer_a, [(self.pad, 10)], team_id=False)
        self.assertTrue(order.name.startswith("APX/"), order.name)
        self.assertEqual(next_numbers(), (before, division_before + 1), "the Apex order took a standard number")
        # Given explicitly, or through the team: the same.
        self._create_order(self.dealer_both, [(self.pad, 1)], team_id=False, dealer_division_id=self.division_a.id)
        self._create_order(self.dealer_both, [(self.pad, 1)], team_id=self.team_a.id)
        self.assertEqual(next_numbers(), (before, division_before + 3))
        # An order of a division without a prefix, or of none, is numbered by sale.
        order = self._create_order(self.dealer_both, [(self.pad, 1)], team_id=False)
        self.assertFalse(order.dealer_division_id)
        self.assertEqual(next_numbers(), (before + 1, division_before + 3))
        # A name given is kept.
        order = self._create_order(self.dealer_a, [(self.pad, 1)], team_id=False, name="MANUAL-1")
        self.assertEqual(order.name, "MANUAL-1")
        self.assertEqual(next_numbers(), (before + 1, division_before + 3))

    def test_one_division_needs_no_terms(self):
        # The existing fixture dealers (tiers without a division) buy in every
        # division as before, on their own tier.
        order = self._create_division_order(self.dealer_gold, self.division_b, [(self.pad, 10)])
        self.assertEqual(order.dealer_tier_id, self.tier_gold)
        self.assertEqual(order.pricelist_id, self.pricelist_gold)
        self.assertAlmostEqual(order.order_line.price_unit, 40.0)
        self.assertEqual(self._codes(order._get_dealer_order_issues()), [])

    def test_terms_tier_must_belong_to_the_division(self):
        with self.assertRaises(ValidationError):
            self.env["dealer.terms"].create(
                {"partner_id": self.dealer_a.id, "division_id": self.division_b.id, "tier_id": self.tier_gold_a.id}
            )

    def test_only_sales_managers_change_terms(self):
        terms = self.dealer_both.dealer_terms_ids
        Terms = self.env["dealer.terms"].with_user(self.user_salesman)
        self.assertEqual(Terms.search([("id", "=", terms.id)]).tier_id, self.tier_silver_b, "salesmen read them")
        with self.assertRaises(AccessError):
            Terms.create(
                {"partner_id": self.dealer_a.id, "division_id": self.division_b.id, "tier_id": self.tier_silver_b.id}
            )
        with self.assertRaises(AccessError):
            terms.with_user(self.user_salesman).write({"tier_id": self.tier_silver.id})
        with self.assertRaises(AccessError):
            terms.with_user(self.user_salesman).unlink()
        terms.with_user(self.user_manager).write({"tier_id": self.tier_silver.id})
        self.assertEqual(self.dealer_both._dealer_tier(self.division_b), self.tier_silver)

    def test_audit_per_division(self):
        # Voltline's tier prices the seat cover at zero: a finding of that division only.
        self.pricelist_silver.item_ids = [
            Command.create(
                {"applied_on": "1_product", "product_tmpl_id": self.cover.product_tmpl_id.id, "compute_price": "fixed"}
            )
        ]
        audit = self.env["dealer.pricing.audit"].create(
            {"name": "Divisions", "partner_ids": [Command.set((self.dealer_both | self.dealer_a).ids)]}
        )
        audit.action_run()
        overview = audit.line_ids.filtered(lambda l: l.code == "overview" and l.partner_id == self.dealer_both)
        self.assertEqual(
            sorted((l.division_id.name, l.tier_id.name) for l in overview),
            [("Apex Brakes", "Apex Gold"), ("Voltline", "Voltline Silver")],
            "one line per division the dealer trades with",
        )
        self.assertTrue(all(l.message.startswith(l.division_id.name + ": ") for l in overview))
        self.assertEqual(
            audit.line_ids.filtered(lambda l: l.code == "overview" and l.partner_id == self.dealer_a).division_id,
            self.division_a,
        )
        zero = audit.line_ids.filtered(lambda l: l.code == "zero_price")
        self.assertEqual(zero.product_id, self.cover)
        self.assertEqual(zero.division_id, self.division_b)
        self.assertIn("Voltline", zero[0].message)
        self.assertFalse(audit.line_ids.filtered(lambda l: l.code == "no_tier"))

    def test_portal_reads_its_tiers_in_every_division(self):
        user = new_test_user(self.env, login="dc_both_portal", groups="base.group_portal", name="Both portal")
        user.partner_id.parent_id = self.dealer_both
        tiers = self.env["dealer.tier"].with_user(user).search([])
        self.assertEqual(tiers, self.tier_gold_a | self.tier_silver_b)
        rules = self.env["dealer.quantity.rule"].with_user(user).search([])
        self.assertEqual(rules.tier_id, self.tier_gold_a | self.tier_silver_b)
        pricelists = self.env["product.pricelist"].with_user(user).search([("dealer_tier_ids", "!=", False)])
        self.assertEqual(pricelists, self.pricelist_gold | self.pricelist_silver)
        self.assertNotIn(self.tier_silver, tiers)

    def test_backoffice_forms(self):
        # The dealer's Divisions tab: its own tier as the default terms, rows edited in line.
        with Form(self.dealer_a.with_user(self.user_manager)) as dealer_form:
            with dealer_form.dealer_terms_ids.new() as terms:
                terms.division_id = self.division_b
                terms.tier_id = self.tier_silver_b
        self.assertEqual(self.dealer_a._dealer_tier(self.division_b), self.tier_silver_b)
        # The division's form, its team and catalog; the order's division on the quotation.
        with Form(self.env["dealer.division"].with_user(self.user_manager)) as division_form:
            division_form.name = "Third Brand"
            division_form.code = "DCTHIRD"
            division_form.order_prefix = "TRD/"
        self.assertEqual(division_form.record.sequence_id.prefix, "TRD/")
        with Form(self.env["sale.order"]) as order_form:
            order_form.partner_id = self.dealer_both
            order_form.dealer_division_id = self.division_b
        self.assertEqual(order_form.record.pricelist_id, self.pricelist_silver)
        self.assertTrue(order_form.record.name.startswith("S"), "Voltline has no prefix")


@tagged("post_install", "-at_install")
class TestDivisionTermsRpc(DealerDivisionCommon, HttpCase):
    """Terms are changed by sales managers only, over JSON-RPC as on the
    partner form."""

    def _rpc(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_salesman_cannot_change_terms(self):
        terms = self.dealer_both.dealer_terms_ids
        self.authenticate(self.user_salesman.login, self.user_salesman.login)
        new = {"partner_id": self.dealer_a.id, "division_id": self.division_b.id, "tier_id": self.tier_silver_b.id}
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc("dealer.terms", "create", [new])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc("dealer.terms", "write", [terms.ids, {"tier_id": self.tier_silver.id}])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc("dealer.terms", "unlink", [terms.ids])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc(
                "res.partner",
                "write",
                [
                    self.dealer_a.ids,
                    {"dealer_terms_ids": [Command.create({k: v for k, v in new.items() if k != "partner_id"})]},
                ],
            )
        self.env.invalidate_all()
        self.assertEqual(terms.tier_id, self.tier_silver_b)
        self.assertFalse(self.dealer_a.dealer_terms_ids)
        self.assertFalse(self.dealer_a._dealer_trades_with(self.division_b))
        self.authenticate(self.user_manager.login, self.user_manager.login)
        self._rpc("dealer.terms", "create", [new])
        self.assertTrue(self.dealer_a._dealer_trades_with(self.division_b))

    def test_another_dealers_user_cannot_read_its_terms(self):
        # The attack as a browser sends it: another dealer's portal user asks
        # for the terms (and so the tiers) of a dealer of two divisions.
        terms = self.dealer_both.dealer_terms_ids
        self.assertTrue(terms)
        self.authenticate(self.user_gold.login, self.user_gold.login)
        found = self._rpc("dealer.terms", "search_read", [[]], {"fields": ["partner_id", "tier_id"]})
        self.assertNotIn(self.dealer_both.id, [row["partner_id"][0] for row in found])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc("dealer.terms", "read", [terms.ids, ["tier_id"]])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc("dealer.tier", "read", [self.tier_silver_b.ids, ["name"]])
