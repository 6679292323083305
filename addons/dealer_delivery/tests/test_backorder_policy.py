from odoo.tests import tagged

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestBackorderPolicy(DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 35)
        cls.receipt = cls._receipt(cls.product_a, cls.wh_1step, 100, days=15)

    def _stock_issues(self, order):
        return [i for i in order._get_dealer_order_issues() if i["code"] == "qty_above_stock"]

    def _expected_message(self, available, qty):
        date = self.product_a._dealer_format_date(
            self.product_a._dealer_get_availability(self.dealer)[self.product_a.id]["incoming_date"]
        )
        return f"Only {available} of {qty} units of BP-220 available; the rest expected {date}."

    def test_above_stock_blocks_without_backorders(self):
        order = self._make_order([(self.product_a, 50)])
        issues = self._stock_issues(order)
        self.assertEqual(len(issues), 1)
        self.assertEqual(issues[0]["severity"], "block")
        self.assertEqual(issues[0]["message"], self._expected_message(35, 50))
        self.assertEqual(issues[0]["values"]["available"], 35)
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "blocked")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.dealer_stage, False)

    def test_above_stock_warns_when_tier_allows_backorders(self):
        self.dealer.dealer_tier_id = self.tier_backorder
        order = self._make_order([(self.product_a, 50)])
        issues = self._stock_issues(order)
        self.assertEqual(issues[0]["severity"], "warning")
        self.assertEqual(issues[0]["message"], self._expected_message(35, 50))
        result = order.action_dealer_submit(channel="portal")
        # Other checks (credit, first order) may still ask for an approval;
        # the stock alone never blocks this tier.
        self.assertIn(result["outcome"], ("confirmed", "approval"))
        self.assertTrue(order.dealer_submitted_at)

    def test_quantities_of_one_product_add_up_across_lines(self):
        order = self._make_order([(self.product_a, 20), (self.product_a, 20)])
        issues = self._stock_issues(order)
        self.assertEqual(len(issues), 1)
        self.assertEqual(issues[0]["message"], self._expected_message(35, 40))

    def test_within_stock_has_no_issue(self):
        order = self._make_order([(self.product_a, 35), (self.service, 1)])
        self.assertEqual(self._stock_issues(order), [])
        self.assertIn(order.action_dealer_submit(channel="portal")["outcome"], ("confirmed", "approval"))

    def test_out_of_stock_without_incoming_date(self):
        order = self._make_order([(self.product_b, 2)])
        issues = self._stock_issues(order)
        self.assertEqual(issues[0]["message"], "Only 0 of 2 units of PT-50 available; no date for the rest yet.")
        self.assertEqual(issues[0]["severity"], "block")
