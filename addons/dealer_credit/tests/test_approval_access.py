from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestApprovalAccess(DealerCreditCommon):
    """Approving through the ORM (what an RPC call runs) as users who may not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_amount = cls._rule("amount_above", users=cls.sales_manager, amount=1000.0)
        cls.rule_price = cls._rule("nonstandard_price", users=cls.other_manager)

    def _pending_order(self, qty=20):
        order = self._order(qty)
        self.assertEqual(order.action_dealer_submit()["outcome"], "approval")
        return order

    def _assert_untouched(self, order):
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertEqual(set(order.dealer_approval_ids.mapped("state")), {"pending"})
        self.assertNotEqual(order.state, "sale")

    def test_salesperson_cannot_approve(self):
        order = self._pending_order()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_dealer_approve()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman)._dealer_reject_approval("no")
        self._assert_untouched(order)

    def test_portal_user_cannot_approve(self):
        order = self._pending_order()
        with self.assertRaises(AccessError):
            order.with_user(self.portal_user).action_dealer_approve()
        # Not even through an elevated record: the check is on the user.
        with self.assertRaises(AccessError):
            order.with_user(self.portal_user).sudo().action_dealer_approve()
        self._assert_untouched(order)

    def test_approver_of_another_rule_cannot_approve(self):
        order = self._pending_order()
        self.assertEqual(order.dealer_approval_ids.rule_id, self.rule_amount)
        with self.assertRaises(AccessError):
            order.with_user(self.other_manager).action_dealer_approve()
        self._assert_untouched(order)
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.state, "sale")

    def test_nobody_approves_their_own_order(self):
        order = self._order(20).with_user(self.sales_manager)
        order.sudo().user_id = self.sales_manager
        order.with_user(self.sales_manager).sudo().action_dealer_submit(channel="backoffice")
        self.assertEqual(order.dealer_submitted_by, self.sales_manager)
        with self.assertRaises(AccessError):
            order.action_dealer_approve()
        self._assert_untouched(order)

    def test_approval_records_read_only_for_users(self):
        order = self._pending_order()
        approval = order.dealer_approval_ids.with_user(self.sales_manager)
        with self.assertRaises(AccessError):
            approval.write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.env["dealer.order.approval"].with_user(self.portal_user).search([])
