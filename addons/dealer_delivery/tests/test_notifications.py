from odoo.tests import tagged

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestNotifications(DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 50)

    def _dispatched_picking(self):
        order = self._make_order([(self.product_a, 2)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        self._validate(picking)
        return order, picking

    def _dealer_messages(self, picking):
        return self.env["mail.message"].search(
            [
                ("model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
                ("partner_ids", "in", self.dealer_user.partner_id.ids),
            ]
        )

    def test_dealer_users_told_on_dispatch_out_for_delivery_and_delivery(self):
        order, picking = self._dispatched_picking()
        messages = self._dealer_messages(picking)
        self.assertEqual(len(messages), 1)
        self.assertIn("has been dispatched", messages.body)
        self.assertIn(order.name, messages.subject or messages.record_name or messages.body)
        self._event(picking, "out_for_delivery", minutes=2, location_text="Ring road exit 4")
        messages = self._dealer_messages(picking)
        self.assertEqual(len(messages), 2)
        self.assertIn("out for delivery", messages[0].body)
        self.assertIn("Ring road exit 4", messages[0].body)
        self._event(picking, "delivered", minutes=9, location_text="Dealer back gate")
        messages = self._dealer_messages(picking)
        self.assertEqual(len(messages), 3)
        self.assertIn("has been delivered", messages[0].body)
        self.assertIn("Dealer back gate", messages[0].body)
        mails = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        self.assertTrue(mails, "an email is queued for the dealer's user")

    def test_repeated_events_do_not_repeat_emails(self):
        _order, picking = self._dispatched_picking()
        self._event(picking, "out_for_delivery", minutes=1)
        self._event(picking, "failed_attempt", minutes=2)
        self._event(picking, "out_for_delivery", minutes=3)
        self.assertEqual(len(self._dealer_messages(picking)), 2)

    def test_dealer_who_opted_out_gets_no_delivery_message(self):
        self.dealer.dealer_delivery_notify_optout = True
        _order, picking = self._dispatched_picking()
        self._event(picking, "delivered", minutes=5)
        self.assertFalse(self._dealer_messages(picking))
