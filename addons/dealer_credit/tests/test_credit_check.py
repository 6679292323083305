from odoo.tests import tagged

from odoo.addons.dealer_pricing.const import APPROVAL, BLOCK

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestCreditCheck(DealerCreditCommon):
    def test_over_credit_blocks_with_the_figures(self):
        self._invoice(850.0)
        order = self._order(124)
        self.assertAlmostEqual(order.amount_total, 12400.0)
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "blocked")
        issue = self._issue(result["issues"], "over_credit")
        self.assertEqual(issue["severity"], BLOCK)
        self.assertEqual(
            issue["message"],
            "Order total 12,400.00 exceeds your available credit of 9,150.00 by 3,250.00.",
        )
        self.assertIn("Reduce the order or contact finance", issue["hint"])
        self.assertIn("credit@test.example", issue["hint"])
        self.assertAlmostEqual(issue["values"]["excess"], 3250.0)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dealer_submitted_at)
        self.assertEqual(order.dealer_attempt_ids[:1].outcome, "blocked")

    def test_within_credit_is_confirmed(self):
        self._invoice(850.0)
        order = self._order(91)  # 9,100 <= 9,150 available
        result = order.action_dealer_submit()
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_approval_state, "not_needed")
        self.assertTrue(order.dealer_confirmed_at)

    def test_over_credit_with_approval_policy_goes_to_approval(self):
        self.tier.dealer_credit_policy = "approval"
        self._rule("over_credit", users=self.finance)
        order = self._order(124)
        result = order.action_dealer_submit()
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(self._issue(result["issues"], "over_credit")["severity"], APPROVAL)
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertIn("exceeds your available credit", order.dealer_approval_reason)
        self.assertNotEqual(order.state, "sale")

    def test_manual_hold_blocks_and_says_whom_to_contact(self):
        self.dealer.write({"dealer_credit_hold": True, "dealer_credit_hold_reason": "cheque returned unpaid"})
        order = self._order(1)
        result = order.action_dealer_submit()
        self.assertEqual(result["outcome"], "blocked")
        issue = self._issue(result["issues"], "credit_hold")
        self.assertEqual(issue["severity"], BLOCK)
        self.assertIn("cheque returned unpaid", issue["message"])
        self.assertIn("Credit desk, credit@test.example", issue["hint"])
        self.assertEqual(order.state, "draft")

    def test_automatic_hold_blocks(self):
        self.company.dealer_credit_hold_days = 30
        self._invoice(100.0, due_days=-31)
        order = self._order(1)
        issue = self._issue(order._get_dealer_order_issues(), "credit_hold")
        self.assertEqual(issue["severity"], BLOCK)
        self.assertIn("31 days overdue", issue["message"])
        self.assertEqual(issue["values"]["overdue_days"], 31)

    def test_hold_with_approval_policy_goes_to_approval(self):
        self.tier.dealer_credit_hold_policy = "approval"
        self.dealer.write({"dealer_credit_hold": True, "dealer_credit_hold_reason": "review"})
        self._rule("credit_hold", users=self.finance)
        order = self._order(1)
        result = order.action_dealer_submit()
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(order.dealer_approval_ids.rule_id.condition, "credit_hold")

    def test_pending_orders_use_credit(self):
        """An order waiting for approval holds its credit: the next order is
        checked against what remains."""
        self._rule("amount_above", users=self.sales_manager, amount=5000.0)
        first = self._order(60)
        self.assertEqual(first.action_dealer_submit()["outcome"], "approval")
        second = self._order(45)
        issue = self._issue(second._get_dealer_order_issues(), "over_credit")
        self.assertTrue(issue)
        self.assertAlmostEqual(issue["values"]["available"], 4000.0)
        self.assertAlmostEqual(issue["values"]["excess"], 500.0)
