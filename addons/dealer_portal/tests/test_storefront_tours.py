from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestStorefrontTours(DealerPortalHttpCommon):
    """Dealer flows in Chromium."""

    def _orders(self, user):
        return self.env["sale.order"].search([("partner_id", "=", user.partner_id.id)])

    def test_tour_login_search_paste_submit(self):
        self.start_tour("/web/login?redirect=/my/catalog", "dealer_storefront_order_flow", login=None)
        order = self._orders(self.user_a_desk).filtered(lambda o: o.state == "sale")
        self.assertEqual(len(order), 1)
        self.assertEqual(order.client_order_ref, "PO-TOUR-1")
        self.assertEqual(order.dealer_channel, "portal")
        self.assertEqual({l.product_id: l.product_uom_qty for l in order.order_line}, {self.p_drill: 2, self.p_saw: 1})
        self.assertEqual(order.order_line.filtered(lambda l: l.product_id == self.p_saw).price_unit, 199.0)

    def test_tour_blocked_then_fixed(self):
        self.start_tour("/my/quick-order", "dealer_storefront_blocked_then_fixed", login="dc_a_desk")
        order = self._orders(self.user_a_desk)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_uom_qty, 20)
        self.assertEqual(order.dealer_attempt_ids.mapped("outcome"), ["confirmed", "blocked"])

    def test_tour_approval(self):
        self.start_tour("/my/quick-order", "dealer_storefront_approval", login="dc_a_desk")
        order = self._orders(self.user_a_desk)
        self.assertEqual(len(order), 1)
        self.assertNotEqual(order.state, "sale")
        self.assertTrue(order.dealer_submitted_at)
        self.assertEqual(order.dealer_attempt_ids.outcome, "approval")
        # Kept beside the line until an approver accepts it.
        self.assertEqual(order.order_line.price_unit, 150.0)
        self.assertEqual(order.order_line.dealer_requested_price, 130.0)
        self.assertEqual(order.order_line.dealer_price_request_reason, "Competitor quote at 128")
