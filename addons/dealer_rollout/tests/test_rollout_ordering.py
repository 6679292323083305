from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerRolloutCommon

MESSAGE = "Ordering on the portal opens on 03/02/2031."


@tagged("post_install", "-at_install")
class TestRolloutOrdering(DealerRolloutCommon):
    """Before its wave opens ordering, a dealer's portal-side submissions are
    blocked by the pipeline (and logged as blocked attempts); the back
    office and the phone still order for it; dealers in no wave order as
    before."""

    def _order(self, user, channel=None):
        vals = {"dealer_channel": channel} if channel else {}
        return self._dealer_cart(user, [(self.p_drill, 2)], **vals)

    def _codes(self, result):
        return [issue["code"] for issue in result["issues"]]

    def test_portal_submission_is_blocked_with_the_date(self):
        cart = self._order(self.user_a_desk)
        result = cart.with_user(self.user_a_desk).sudo()._dealer_portal_submit()
        self.assertEqual(result["outcome"], "blocked")
        issue = next(i for i in result["issues"] if i["code"] == "ordering_not_open")
        self.assertEqual(issue["message"], MESSAGE)
        self.assertEqual(issue["severity"], "block")
        self.assertFalse(cart.dealer_submitted_at)
        self.assertEqual(cart.state, "draft")
        # Recorded as usual: one blocked attempt, on the portal channel.
        attempt = cart.dealer_attempt_ids
        self.assertEqual(len(attempt), 1)
        self.assertEqual((attempt.outcome, attempt.channel), ("blocked", "portal"))
        self.assertIn("ordering_not_open", attempt.issue_codes)
        # The cart page reads the same issue.
        issues = cart.with_user(self.user_a_desk).sudo()._dealer_cart_issues()
        self.assertIn("ordering_not_open", [i["code"] for i in issues["general"]])

    def test_email_and_whatsapp_stay_open_before_go_live(self):
        """They are how the dealer orders until its wave opens (the parallel
        channel period): the intake submits them as the dealer's user."""
        for channel in ("email", "whatsapp"):
            order = self._order(self.user_a_desk, channel=channel)
            result = order.with_user(self.user_a_desk).sudo().action_dealer_submit(channel=channel)
            self.assertNotIn("ordering_not_open", self._codes(result), channel)
            self.assertNotEqual(result["outcome"], "blocked", channel)
            self.assertEqual(order.dealer_attempt_ids.channel, channel)

    def test_a_dealer_user_naming_the_phone_channel_is_still_blocked(self):
        order = self._order(self.user_a_desk)
        result = order.with_user(self.user_a_desk).sudo().action_dealer_submit(channel="phone")
        self.assertEqual(result["outcome"], "blocked")
        self.assertIn("ordering_not_open", self._codes(result))
        # Nor does a context key the dealer sends change it.
        order = order.with_user(self.user_a_desk).sudo().with_context(dealer_rollout_channel="backoffice")
        self.assertIn("ordering_not_open", [i["code"] for i in order._get_dealer_order_issues()])

    def test_back_office_and_phone_orders_go_through(self):
        phone = self._order(self.user_a_desk, channel="phone")
        result = phone.with_user(self.user_salesman).action_dealer_submit_backoffice()
        self.assertNotEqual(phone.dealer_attempt_ids.outcome, "blocked")
        self.assertNotIn("ordering_not_open", phone.dealer_attempt_ids.issue_codes or "")
        self.assertTrue(phone.dealer_submitted_at)
        self.assertEqual(result["type"], "ir.actions.client")
        office = self._order(self.user_a_desk)
        result = office.with_user(self.user_salesman).action_dealer_submit(channel="backoffice")
        self.assertNotIn("ordering_not_open", self._codes(result))
        self.assertNotEqual(result["outcome"], "blocked")
        # The back office keying in a portal-channel order is blocked like the dealer.
        portal = self._order(self.user_a_desk)
        self.assertIn("ordering_not_open", self._codes(portal.action_dealer_submit(channel="portal")))

    def test_open_wave_and_dealer_without_wave_order_as_before(self):
        cart_b = self._order(self.user_b_desk)
        result = cart_b.with_user(self.user_b_desk).sudo()._dealer_portal_submit()
        self.assertNotIn("ordering_not_open", self._codes(result))
        self.assertNotEqual(result["outcome"], "blocked")
        self.assertIs(self.dealer_b._dealer_ordering_open(), True)
        self.assertFalse(self.dealer_b._dealer_ordering_closed_message())
        # Once the wave's pilot starts, dealer A orders.
        self.wave.with_user(self.user_manager).action_start_pilot()
        cart_a = self._order(self.user_a_desk)
        result = cart_a.with_user(self.user_a_desk).sudo()._dealer_portal_submit()
        self.assertNotIn("ordering_not_open", self._codes(result))
        self.assertNotEqual(result["outcome"], "blocked")

    def test_cart_refuses_additions_before_ordering_opens(self):
        cart = self._order(self.user_a_desk)
        cart_desk = cart.with_user(self.user_a_desk).sudo()
        with self.assertRaisesRegex(UserError, "03/02/2031"):
            cart_desk._dealer_cart_add_lines([(self.p_saw, 1)])
        with self.assertRaisesRegex(UserError, "03/02/2031"):
            cart_desk._cart_update(self.p_saw.id, add_qty=1)
        self.assertEqual(cart.order_line.product_id, self.p_drill)
        # Without a planned date, the message says ordering is not open yet.
        self.wave.planned_date = False
        self.assertEqual(
            self.dealer_a._dealer_ordering_closed_message(), "Ordering on the portal is not open yet for your company."
        )
