from odoo.tests import HttpCase, tagged

from .common import DealerCommon

OVERRIDE_REASON = "Agreed with the dealer by phone: trial order"


@tagged("post_install", "-at_install")
class TestPhoneOrderUi(HttpCase, DealerCommon):
    """A phone order keyed in the back office, driven in the browser: the
    quotation is submitted through the checks, never confirmed natively."""

    def _blocking_order(self, **vals):
        """4 brake pads (the Gold minimum is 10) and gear oil (outside the
        Gold catalog): two blocking issues."""
        return self._create_order(self.contact_gold, [(self.pad, 4), (self.oil, 2)], **vals)

    def test_salesperson_sees_the_issues_and_cannot_override(self):
        order = self._blocking_order(user_id=self.user_salesman.id)
        self.start_tour(f"/odoo/sale.order/{order.id}", "dealer_pricing_phone_order_blocked_tour", login="dc_salesman")
        self.env.invalidate_all()
        self.assertIn(order.state, ("draft", "sent"))
        self.assertFalse(order.dealer_submitted_at)
        attempt = order.dealer_attempt_ids
        self.assertEqual(len(attempt), 1)
        self.assertEqual((attempt.channel, attempt.outcome), ("phone", "blocked"))
        self.assertEqual(attempt.user_id, self.user_salesman)
        self.assertEqual(order.dealer_channel, "phone")

    def test_sales_manager_overrides_with_a_reason(self):
        # A quotation sent by email: the other native Confirm button is hidden too.
        order = self._blocking_order(user_id=self.user_salesman.id)
        order.action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.start_tour(
            f"/odoo/sale.order/{order.id}", "dealer_pricing_phone_order_override_tour", login="dc_sales_manager"
        )
        self.env.invalidate_all()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_channel, "phone")
        self.assertEqual(order.dealer_submitted_by, self.user_manager)
        self.assertEqual(sorted(order.dealer_attempt_ids.mapped("outcome")), ["blocked", "overridden"])
        overridden = order.dealer_attempt_ids.filtered(lambda a: a.outcome == "overridden")
        self.assertEqual(overridden.reason, OVERRIDE_REASON)
        self.assertEqual(overridden.channel, "phone")
        self.assertEqual(overridden.user_id, self.user_manager)

    def test_clean_phone_order_is_confirmed_by_submit(self):
        order = self._create_order(self.contact_gold, [(self.pad, 10)], user_id=self.user_salesman.id)
        self.start_tour(f"/odoo/sale.order/{order.id}", "dealer_pricing_phone_order_clean_tour", login="dc_salesman")
        self.env.invalidate_all()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_channel, "phone")
        self.assertEqual(order.dealer_submitted_by, self.user_salesman)
        attempt = order.dealer_attempt_ids
        self.assertEqual(len(attempt), 1)
        self.assertEqual((attempt.channel, attempt.outcome), ("phone", "confirmed"))
