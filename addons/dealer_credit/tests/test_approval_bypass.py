from odoo.exceptions import UserError
from odoo.tests import JsonRpcException, tagged

from .common import DealerCreditHttpCommon


@tagged("post_install", "-at_install")
class TestApprovalBypass(DealerCreditHttpCommon):
    """F8: an approval holds for what was approved, and nothing a caller
    sends over RPC (context flags, the pipeline's own fields) changes that."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._rule("amount_above", users=cls.sales_manager, amount=1000.0, name="Above 1,000")

    def _rpc(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _pending_order(self):
        order = self._order(12, user_id=self.salesman.id)
        result = order.with_user(self.salesman).action_dealer_submit(channel="backoffice")
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(order.dealer_approval_state, "pending")
        return order

    def test_quantity_raised_over_rpc_after_the_ask_needs_a_new_approval(self):
        order = self._pending_order()
        self.authenticate(self.salesman.login, self.salesman.login)
        # A change to a submitted order is a correction: it carries its reason.
        reason = self.env.ref("dealer_pricing.dealer_order_correction_reason_quantity")
        self._rpc(
            "sale.order.line",
            "write",
            [order.order_line.ids, {"product_uom_qty": 120}],
            {"context": {"dealer_credit_keep_approvals": True, "dealer_correction_reason_id": reason.id}},
        )
        order.invalidate_recordset()
        self.assertEqual(order.amount_total, 12000.0)
        self.assertEqual(order.dealer_approval_state, "not_needed", "the context flag is not honoured")
        self.assertFalse(order.dealer_submitted_at)
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertNotEqual(order.state, "sale")
        with self.assertRaisesRegex(UserError, "use Submit"):
            order.with_user(self.sales_manager).action_confirm()

    def test_approval_state_and_submission_cannot_be_forged_over_rpc(self):
        order = self._pending_order()
        self.authenticate(self.salesman.login, self.salesman.login)
        for vals in ({"dealer_approval_state": "approved"}, {"dealer_approval_state": "not_needed"}):
            with self.assertRaises(JsonRpcException):
                self._rpc("sale.order", "write", [order.ids, vals])
        with self.assertRaises(JsonRpcException):
            self._rpc("sale.order", "action_confirm", [order.ids])
        order.invalidate_recordset()
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertNotEqual(order.state, "sale")

    def test_approval_covers_no_larger_total_than_asked(self):
        order = self._pending_order()
        approval = order.dealer_approval_ids
        self.assertEqual(approval.amount_approved, 1200.0)
        asked = approval._dealer_issues()[0]
        self.assertEqual(asked["code"], "amount_above")
        self.assertTrue(approval._dealer_covers(asked))
        # The same order at ten times the total, however it got there.
        order.order_line.with_context(dealer_credit_keep_approvals=True).product_uom_qty = 120
        approval.invalidate_recordset()
        approval.amount_approved = 1200.0
        now = [i for i in order._get_dealer_order_issues() if i["code"] == "amount_above"][0]
        self.assertFalse(approval._dealer_covers(now))

    def test_manager_override_of_a_block_still_goes_to_approval(self):
        """Over the credit limit (a block) and above 1,000 (an approval): the
        override settles the block, the approver still decides."""
        order = self._order(150, user_id=self.salesman.id)
        action = order.with_user(self.salesman).action_dealer_submit_backoffice()
        self.assertEqual(action["res_model"], "dealer.order.submit.wizard")
        order.with_user(self.other_manager).action_dealer_override("Payment promised by phone")
        self.assertEqual(order.dealer_approval_state, "pending")
        self.assertNotEqual(order.state, "sale")
        self.assertEqual(sorted(order.dealer_attempt_ids.mapped("outcome")), ["blocked", "overridden"])
        order.with_user(self.sales_manager).action_dealer_approve()
        self.assertEqual(order.state, "sale", "the overridden block is not raised again after approval")
