from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_pricing.const import BLOCK

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestOrderChecks(DealerCommon):
    def test_product_outside_the_catalog_is_blocked(self):
        order = self._create_order(self.dealer_silver, [(self.pad, 2), (self.disc, 2), (self.filter, 6)])
        issues = self._pricing_issues(order._get_dealer_order_issues())
        self.assertEqual(self._codes(issues), ["not_in_assortment", "not_in_assortment"])
        self.assertEqual(issues[0]["message"], "Brake disc BD-300 is not in your catalog.")
        self.assertEqual(issues[0]["line_id"], order.order_line[1].id)
        self.assertEqual(issues[0]["product_id"], self.disc.id)
        self.assertTrue(issues[0]["hint"])

    def test_issue_shape(self):
        order = self._create_order(self.dealer_silver, [(self.disc, 2)])
        issue = self._pricing_issues(order._get_dealer_order_issues())[0]
        self.assertEqual(
            issue,
            {
                "code": "not_in_assortment",
                "severity": BLOCK,
                "line_id": order.order_line.id,
                "product_id": self.disc.id,
                "message": "Brake disc BD-300 is not in your catalog.",
                "hint": "Remove this line, or ask your account manager to add the product.",
                "values": {},
            },
        )

    def test_no_tier_and_empty_order(self):
        order = self._create_order(self.customer, [(self.pad, 10)])
        self.assertEqual(self._codes(self._pricing_issues(order._get_dealer_order_issues())), ["no_tier"])
        order = self._create_order(self.dealer_gold, [])
        self.assertEqual(self._codes(self._pricing_issues(order._get_dealer_order_issues())), ["empty"])
        order.order_line = [Command.create({"display_type": "line_section", "name": "Section"})]
        self.assertEqual(self._codes(self._pricing_issues(order._get_dealer_order_issues())), ["empty"])

    def test_clean_order_has_no_issue(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10), (self.filter, 6), (self.cover, 1)])
        self.assertEqual(self._pricing_issues(order._get_dealer_order_issues()), [])
        self.assertTrue(order.is_dealer_order)
        self.assertFalse(order.dealer_has_nonstandard_price)

    def test_tampered_price_needs_approval(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10), (self.disc, 1)])
        pad_line = order.order_line[0]
        self.assertAlmostEqual(pad_line.dealer_system_price, 40.0)
        pad_line.write({"price_unit": 1.0})
        self.assertTrue(pad_line.dealer_price_nonstandard)
        self.assertTrue(order.dealer_has_nonstandard_price)
        issues = self._pricing_issues(order._get_dealer_order_issues())
        self.assertEqual(self._codes(issues), ["price_nonstandard"])
        self.assertEqual(issues[0]["severity"], "approval")
        self.assertEqual(issues[0]["line_id"], pad_line.id)
        self.assertIn("Brake pad BP-220: price 1.00 differs from your price 40.00", issues[0]["message"])
        self.assertEqual(issues[0]["values"]["system_price"], 40.0)

    def test_tampered_discount_needs_approval(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order.order_line.discount = 50
        issues = self._pricing_issues(order._get_dealer_order_issues())
        self.assertEqual(self._codes(issues), ["price_nonstandard"])
        self.assertIn("discount 50%", issues[0]["message"])

    def test_higher_price_is_non_standard_too(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order.order_line.price_unit = 99.0
        self.assertEqual(self._codes(self._pricing_issues(order._get_dealer_order_issues())), ["price_nonstandard"])

    def test_special_price_request_reason(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        line = order.order_line
        line.write({"price_unit": 35.0, "dealer_price_request_reason": "Competitor offers 35"})
        self.assertTrue(line.dealer_price_nonstandard)
        issues = self._pricing_issues(order._get_dealer_order_issues())
        self.assertEqual(self._codes(issues), ["price_nonstandard"])
        self.assertEqual(
            issues[0]["message"],
            "Brake pad BP-220: special price 35.00 requested (your price is 40.00): Competitor offers 35",
        )
        self.assertEqual(issues[0]["values"]["reason"], "Competitor offers 35")
        # A reason alone marks the line, even at the standard price.
        line.write({"price_unit": 40.0})
        self.assertTrue(line.dealer_price_nonstandard)
        line.dealer_price_request_reason = False
        self.assertFalse(line.dealer_price_nonstandard)

    def test_backoffice_order_gets_dealer_agreement_price(self):
        self._create_agreement(self.dealer_gold, [(self.pad, 33.0)])
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        self.assertAlmostEqual(order.order_line.price_unit, 33.0)
        self.assertEqual(self._pricing_issues(order._get_dealer_order_issues()), [])
        # Switching the customer reprices for the new dealer.
        order.partner_id = self.dealer_gold_2
        order.order_line._compute_price_unit()
        order.order_line.with_context(force_price_recomputation=True)._compute_price_unit()
        self.assertAlmostEqual(order.order_line.price_unit, 40.0)

    def test_line_qty_blocks_and_price_approval_combine(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 4)])
        order.order_line.price_unit = 2.0
        issues = self._pricing_issues(order._get_dealer_order_issues())
        self.assertEqual(self._codes(issues), ["price_nonstandard", "qty_below_min"])
        self.assertEqual(order._dealer_issues_outcome(issues), "blocked")
