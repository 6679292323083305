from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestQuantityRules(DealerCommon):
    def _issues(self, partner, lines):
        order = self._create_order(partner, lines)
        return order, self._pricing_issues(order._get_dealer_order_issues())

    def test_rule_precedence_product_category_default_and_product_own(self):
        Rule = self.env["dealer.quantity.rule"]
        Rule.create({"tier_id": self.tier_gold.id, "min_qty": 1, "max_qty": 1000})
        self.disc.product_tmpl_id.write({"dealer_min_qty": 4, "dealer_multiple_qty": 4})
        self.cover.product_tmpl_id.write({"dealer_min_qty": 3})
        products = self.pad | self.disc | self.filter | self.cover
        rules = self.tier_gold._get_quantity_rules(products)
        self.assertEqual(rules[self.pad.id], {"min": 10, "max": 500, "multiple": 2}, "tier product rule")
        self.assertEqual(rules[self.filter.id], {"min": 0, "max": 0, "multiple": 6}, "tier category rule")
        self.assertEqual(rules[self.disc.id], {"min": 4, "max": 0, "multiple": 4}, "the product's own rule")
        self.assertEqual(rules[self.cover.id], {"min": 3, "max": 0, "multiple": 0})
        self.disc.product_tmpl_id.write({"dealer_min_qty": 0, "dealer_multiple_qty": 0})
        self.assertEqual(
            self.tier_gold._get_quantity_rules(self.disc)[self.disc.id],
            {"min": 1, "max": 1000, "multiple": 0},
            "tier default",
        )
        # The tier overrides the product's own rule for its dealers only.
        self.assertEqual(
            self.tier_silver._get_quantity_rules(self.pad)[self.pad.id], {"min": 0.0, "max": 0.0, "multiple": 0.0}
        )

    def test_category_rule_reaches_child_categories(self):
        self.env["dealer.quantity.rule"].create(
            {
                "tier_id": self.tier_silver.id,
                "categ_id": self.categ_brakes.id,
                "min_qty": 5,
            }
        )
        self.assertEqual(self.tier_silver._get_quantity_rules(self.pad)[self.pad.id]["min"], 5)

    def test_minimum_message_names_product_and_numbers(self):
        _order, issues = self._issues(self.dealer_gold, [(self.pad, 4)])
        self.assertEqual(self._codes(issues), ["qty_below_min"])
        self.assertEqual(issues[0]["message"], "Brake pad BP-220: minimum order is 10 units, you entered 4.")
        self.assertEqual(issues[0]["severity"], "block")
        self.assertEqual(issues[0]["hint"], "Order at least 10 units.")
        self.assertEqual(issues[0]["values"], {"min": 10, "qty": 4})

    def test_maximum_and_multiple(self):
        order, issues = self._issues(self.dealer_gold, [(self.pad, 502), (self.filter, 8)])
        by_line = {i["line_id"]: i for i in issues}
        self.assertEqual(self._codes(issues), ["qty_above_max", "qty_not_multiple"])
        pad_line, filter_line = order.order_line
        self.assertEqual(
            by_line[pad_line.id]["message"], "Brake pad BP-220: maximum per order is 500 units, you entered 502."
        )
        self.assertEqual(
            by_line[filter_line.id]["message"], "Oil filter OF-10 is sold in packs of 6 units, you entered 8."
        )
        self.assertEqual(by_line[filter_line.id]["hint"], "Order 6 or 12 units.")
        _order, issues = self._issues(self.dealer_gold, [(self.pad, 12), (self.filter, 12)])
        self.assertEqual(issues, [])

    def test_odd_quantity_above_minimum_is_not_a_multiple(self):
        _order, issues = self._issues(self.dealer_gold, [(self.pad, 11)])
        self.assertEqual(self._codes(issues), ["qty_not_multiple"])
        self.assertEqual(issues[0]["hint"], "Order 10 or 12 units.")

    def test_unit_of_measure_is_respected(self):
        """One dozen is 12 units: above the minimum of 10 and a multiple of 2."""
        _order, issues = self._issues(self.dealer_gold, [(self.pad, 1, self.uom_dozen)])
        self.assertEqual(issues, [])
        # 0.5 dozen: dozens are sold whole, as in the cart (one whole-unit rule).
        _order, issues = self._issues(self.dealer_gold, [(self.pad, 0.5, self.uom_dozen)])
        self.assertEqual(self._codes(issues), ["qty_fractional"])
        self.assertEqual(issues[0]["message"], "Brake pad BP-220 is sold in whole dozens; 0.5 is not a whole number.")
        # 50 dozens = 600 units: above the maximum of 500 units, in the rule's unit.
        _order, issues = self._issues(self.dealer_gold, [(self.pad, 50, self.uom_dozen)])
        self.assertEqual(self._codes(issues), ["qty_above_max"])
        self.assertEqual(
            issues[0]["message"],
            "Brake pad BP-220: maximum per order is 500 units, you entered 600 units (50 dozens).",
        )

    def test_fractional_units_blocked(self):
        _order, issues = self._issues(self.dealer_gold, [(self.disc, 2.5)])
        self.assertEqual(self._codes(issues), ["qty_fractional"])
        self.assertEqual(issues[0]["message"], "Brake disc BD-300 is sold in whole units; 2.5 is not a whole number.")
        # 1.5 dozens: refused like in the cart, though they make 18 units.
        _order, issues = self._issues(self.dealer_gold, [(self.disc, 1.5, self.uom_dozen)])
        self.assertEqual(self._codes(issues), ["qty_fractional"])
        _order, issues = self._issues(self.dealer_gold, [(self.disc, 2, self.uom_dozen)])
        self.assertEqual(issues, [])

    def test_fractional_quantity_fine_for_measured_products(self):
        self.dealer_gold.write({"dealer_include_product_tmpl_ids": [(4, self.oil.product_tmpl_id.id)]})
        _order, issues = self._issues(self.dealer_gold, [(self.oil, 2.5)])
        self.assertEqual(issues, [])

    def test_zero_negative_and_huge_quantities(self):
        order, issues = self._issues(self.dealer_gold, [(self.disc, 0), (self.disc, -3), (self.disc, 5_000_000)])
        self.assertEqual(self._codes(issues), ["qty_not_positive", "qty_not_positive", "qty_too_large"])
        self.assertEqual(
            issues[1]["message"], "Brake disc BD-300: the quantity must be more than zero, you entered -3."
        )
        self.assertTrue(all(i["severity"] == "block" for i in issues))
        self.assertEqual({i["line_id"] for i in issues}, set(order.order_line.ids))

    def test_parse_quantity(self):
        parse = self.env["sale.order"]._dealer_parse_quantity
        self.assertEqual(parse("12"), (12.0, None))
        self.assertEqual(parse(" 2,5 "), (2.5, None))
        self.assertEqual(parse(7), (7.0, None))
        for raw, error in (
            ("", "The quantity is missing."),
            (None, "The quantity is missing."),
            (True, "The quantity is missing."),
            ("twelve", "“twelve” is not a number."),
            ("1e400", "“1e400” is not a number."),
            ("nan", "“nan” is not a number."),
            ("0", "The quantity must be more than zero, not 0."),
            ("-4", "The quantity must be more than zero, not -4."),
            ("2000000", "2000000 is more than can be ordered on one line."),
            ("1.000,5", "“1.000,5” is not a number."),
        ):
            with self.subTest(raw=raw):
                self.assertEqual(parse(raw), (None, error))

    def test_rule_constraints(self):
        Rule = self.env["dealer.quantity.rule"]
        for vals in (
            {"min_qty": -1},
            {"min_qty": 10, "max_qty": 5},
            {"min_qty": 5, "multiple_qty": 2},
            {"categ_id": self.categ_brakes.id, "product_tmpl_id": self.disc.product_tmpl_id.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError), self.env.cr.savepoint():
                Rule.create({"tier_id": self.tier_silver.id, **vals})
        with self.assertRaises(ValidationError):
            self.pad.product_tmpl_id.dealer_min_qty = -2
