from odoo import Command
from odoo.tests import tagged

from .common import DealerDeliveryHttpCommon


@tagged("post_install", "-at_install")
class TestManualEventTour(DealerDeliveryHttpCommon):
    def test_manual_event_from_delivery_order(self):
        self._set_stock(self.product_a, self.wh_1step, 10)
        order = self._make_order([(self.product_a, 2)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        picking.action_assign()
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking._action_done()
        self.assertEqual(order.dealer_stage, "dispatched")
        # The administrator works in the fixture's company for the tour.
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.link(self.company.id)], "company_id": self.company.id})
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{picking.id}", "dealer_delivery_manual_event", login="admin"
        )
        event = picking.dealer_event_ids
        self.assertEqual((event.source, event.stage), ("manual", "out_for_delivery"))
        self.assertEqual(event.location_text, "Rider called: at the dealer's gate")
        self.assertEqual(order.dealer_stage, "out_for_delivery")
