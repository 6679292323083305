from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerCommon


@tagged("post_install", "-at_install")
class TestSubmission(DealerCommon):
    def test_blocked_writes_nothing_but_the_attempt(self):
        order = self._create_order(self.contact_gold, [(self.pad, 4)])
        before = order.read(["state", "dealer_submitted_at", "dealer_channel", "dealer_submission_key"])[0]
        result = order.action_dealer_submit(channel="portal", submission_key="blocked-1")
        self.assertEqual(result["outcome"], "blocked")
        self.assertEqual(self._codes(result["issues"]), ["qty_below_min"])
        order.invalidate_recordset()
        self.assertEqual(
            order.read(["state", "dealer_submitted_at", "dealer_channel", "dealer_submission_key"])[0], before
        )
        attempt = self.env["dealer.order.attempt"].browse(result["attempt_id"])
        self.assertEqual(attempt.outcome, "blocked")
        self.assertEqual(attempt.channel, "portal")
        self.assertEqual(attempt.partner_id, self.dealer_gold)
        self.assertEqual(attempt.issue_codes, "qty_below_min")
        self.assertIn("minimum order is 10 units", attempt.issues_text)
        # Fixed and submitted again with the same key: a real submission now.
        order.order_line.product_uom_qty = 10
        result = order.action_dealer_submit(channel="portal", submission_key="blocked-1")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.dealer_attempt_count, 2)

    def test_clean_order_is_confirmed_with_its_channel_and_submitter(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        result = order.with_user(self.user_salesman).sudo(False).action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_channel, "portal")
        self.assertTrue(order.dealer_submitted_at)
        self.assertEqual(order.dealer_submitted_by, self.user_salesman)
        self.assertTrue(order.dealer_confirmed_at)
        self.assertEqual(self.env["dealer.order.attempt"].browse(result["attempt_id"]).outcome, "confirmed")

    def test_approval_goes_through_the_hook(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order.order_line.price_unit = 30.0
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "approval")
        self.assertNotEqual(order.state, "sale")
        self.assertFalse(order.dealer_confirmed_at)
        self.assertTrue(order.dealer_submitted_at)
        self.assertEqual(self.env["dealer.order.attempt"].browse(result["attempt_id"]).outcome, "approval")

    def test_double_submit_confirms_once(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        first = order.action_dealer_submit(channel="portal", submission_key="k-1")
        confirmed_at = order.dealer_confirmed_at
        again = order.action_dealer_submit(channel="portal", submission_key="k-1")
        resubmit = order.action_dealer_submit(channel="portal")
        self.assertEqual(first["outcome"], "confirmed")
        for replay in (again, resubmit):
            self.assertTrue(replay["replayed"])
            self.assertEqual(replay["outcome"], "confirmed")
            self.assertEqual(replay["order_id"], order.id)
            self.assertEqual(replay["attempt_id"], first["attempt_id"])
        self.assertEqual(order.dealer_attempt_count, 1)
        self.assertEqual(order.dealer_confirmed_at, confirmed_at)
        if "dealer_fulfilment_state" in order._fields:
            # dealer_delivery creates the deliveries in a job right after.
            order._dealer_run_fulfilment()
        self.assertEqual(len(order.picking_ids), 1 if "picking_ids" in order._fields else 0)

    def test_same_key_from_a_second_order_replays_the_first(self):
        """A client retrying a request that created a second cart gets the
        first order back, not a second order."""
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order.action_dealer_submit(channel="portal", submission_key="k-2")
        duplicate = self._create_order(self.dealer_gold, [(self.pad, 10)])
        result = duplicate.action_dealer_submit(channel="portal", submission_key="k-2")
        self.assertEqual(result["order_id"], order.id)
        self.assertTrue(result["replayed"])
        self.assertEqual(duplicate.state, "draft")
        self.assertFalse(duplicate.dealer_attempt_ids)

    def test_key_of_another_dealer_is_refused(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order.action_dealer_submit(submission_key="k-3")
        other = self._create_order(self.dealer_silver, [(self.pad, 10)])
        with self.assertRaises(UserError):
            other.action_dealer_submit(submission_key="k-3")

    def test_cancelled_order_cannot_be_submitted(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order._action_cancel()
        with self.assertRaises(UserError):
            order.action_dealer_submit()

    def test_back_to_draft_can_be_submitted_again(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 10)])
        order.order_line.price_unit = 30.0
        order.action_dealer_submit(submission_key="k-4")
        order._action_cancel()
        order.action_draft()
        self.assertFalse(order.dealer_submitted_at)
        self.assertFalse(order.dealer_submission_key)
        order.order_line.price_unit = 40.0
        result = order.action_dealer_submit(submission_key="k-5")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertFalse(result.get("replayed"))

    def test_portal_user_submits_through_sudo_and_is_recorded(self):
        order = self._create_order(self.user_gold.partner_id, [(self.pad, 10)])
        order_sudo = order.with_user(self.user_gold).sudo()
        result = order_sudo.action_dealer_submit(channel="portal", submission_key="k-6")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.dealer_submitted_by, self.user_gold)
        attempt = self.env["dealer.order.attempt"].browse(result["attempt_id"])
        self.assertEqual(attempt.user_id, self.user_gold)
        # The dealer reads its own attempts, not another dealer's.
        self.assertEqual(self.env["dealer.order.attempt"].with_user(self.user_gold).search([]), attempt)
        self.assertFalse(self.env["dealer.order.attempt"].with_user(self.user_silver).search([]))
