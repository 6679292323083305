from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestSecurity(DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 20)
        cls.other_dealer = cls.env["res.partner"].create(
            {
                "name": "DD Other Dealer",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier.id,
            }
        )
        cls.pickings = {}
        for partner in (cls.dealer_contact, cls.other_dealer):
            order = cls._make_order([(cls.product_a, 1)], partner=partner)
            cls._confirm(order)
            picking = order.picking_ids
            picking.action_assign()
            picking.move_ids.write({"quantity": 1, "picked": True})
            picking._action_done()
            cls.env["dealer.delivery.event"].create({"picking_id": picking.id, "stage": "out_for_delivery"})
            cls.pickings[partner.commercial_partner_id.id] = picking

    def test_portal_user_sees_only_its_dealers_events_and_stages(self):
        Event = self.env["dealer.delivery.event"].with_user(self.dealer_user)
        events = Event.search([])
        self.assertEqual(events.picking_id, self.pickings[self.dealer.id])
        logs = self.env["dealer.order.stage.log"].with_user(self.dealer_user).search([])
        self.assertTrue(logs)
        self.assertEqual(logs.partner_id, self.dealer)

    def test_portal_user_cannot_write_events_or_read_carrier_accounts(self):
        event = self.pickings[self.dealer.id].dealer_event_ids.with_user(self.dealer_user)
        with self.assertRaises(AccessError):
            event.write({"stage": "delivered"})
        with self.assertRaises(AccessError):
            self.env["dealer.carrier.account"].with_user(self.dealer_user).search([])

    def test_carrier_secret_hidden_from_stock_users(self):
        account = self.env["dealer.carrier.account"].create({"name": "DD Secret", "code": "dd-secret"})
        self.assertTrue(account.secret)
        clerk = self.env["res.users"].create(
            {
                "name": "DD Clerk",
                "login": "dd_clerk",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            account.with_user(clerk).read(["secret"])
        self.assertEqual(account.with_user(clerk).read(["name"])[0]["name"], "DD Secret")

    def test_bad_carrier_code_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["dealer.carrier.account"].create({"name": "DD Bad", "code": "bad code/x"})
