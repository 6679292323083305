from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dealer_pricing.tests.common import publish

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestBackgroundFulfilment(DealerDeliveryCommon):
    """A submission confirms the order at once; its delivery orders come from
    the fulfilment job right after. Meanwhile the order's quantities still
    count against the stock other dealers see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dealer_async_fulfilment = True
        cls._set_stock(cls.product_a, cls.wh_1step, 10)
        cls._set_stock(cls.product_c, cls.wh_1step, 100)
        cls.cron = cls.env.ref("dealer_delivery.ir_cron_dealer_fulfilment")
        cls.other_dealer = cls.env["res.partner"].create(
            {
                "name": "DD Other Pumps",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier.id,
                "dealer_warehouse_id": cls.wh_1step.id,
            }
        )

    def _submit(self, lines, partner=None):
        order = self._make_order(lines, partner=partner)
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "confirmed", result["issues"])
        return order

    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])

    def test_submission_confirms_now_and_queues_the_deliveries(self):
        triggers = self._triggers()
        order = self._submit([(self.product_a, 4), (self.product_c, 3)])
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.dealer_confirmed_at)
        self.assertEqual(order.dealer_stage, "confirmed")
        self.assertFalse(order.picking_ids, "no stock moves inside the dealer's request")
        self.assertEqual(order.dealer_fulfilment_state, "pending")
        self.assertEqual(self._triggers(), triggers + 1, "the job is woken up for right after the commit")

        done = self.env["sale.order"]._dealer_cron_fulfilment()

        self.assertEqual(done, order)
        self.assertFalse(order.dealer_fulfilment_state)
        picking = self._customer_pickings(order)
        self.assertEqual(len(picking), 1)
        self.assertEqual(
            {m.product_id: m.product_uom_qty for m in picking.move_ids}, {self.product_a: 4, self.product_c: 3}
        )
        self.assertEqual(picking.state, "assigned", "the stock is reserved as at a native confirmation")
        self.assertEqual(order.dealer_stage, "processing")
        # Run twice, nothing twice.
        self.env["sale.order"]._dealer_cron_fulfilment()
        order.order_line._action_launch_stock_rule()
        self.assertEqual(len(order.picking_ids.move_ids), 2)

    def test_without_background_fulfilment_confirmation_creates_the_deliveries(self):
        self.company.dealer_async_fulfilment = False
        order = self._submit([(self.product_a, 4)])
        self.assertFalse(order.dealer_fulfilment_state)
        self.assertEqual(self._customer_pickings(order).move_ids.product_uom_qty, 4)
        self.assertEqual(order.dealer_stage, "processing")

    def test_back_office_confirmation_is_not_deferred(self):
        order = self._make_order([(self.product_a, 4)])
        self._confirm(order)
        self.assertFalse(order.dealer_fulfilment_state)
        self.assertTrue(order.picking_ids)

    def test_queued_quantities_are_not_free_for_other_dealers(self):
        self._submit([(self.product_a, 8)])
        availability = self.product_a._dealer_get_availability(self.other_dealer)[self.product_a.id]
        self.assertEqual(availability["qty"], 2, "10 on hand, 8 promised to a queued order")
        other = self._make_order([(self.product_a, 5)], partner=self.other_dealer)
        issues = [i for i in other._get_dealer_order_issues() if i["code"] == "qty_above_stock"]
        self.assertEqual(len(issues), 1)
        self.assertEqual(issues[0]["severity"], "block")
        self.assertEqual(issues[0]["values"]["available"], 2)
        # Once the job has reserved the stock, the figure is the same.
        self.env["sale.order"]._dealer_cron_fulfilment()
        availability = self.product_a._dealer_get_availability(self.other_dealer)[self.product_a.id]
        self.assertEqual(availability["qty"], 2)

    def test_failure_is_reported_and_can_be_retried(self):
        order = self._submit([(self.product_a, 2)])
        rules = self.wh_1step.delivery_route_id.rule_ids
        rules.action_archive()

        self.env["sale.order"]._dealer_cron_fulfilment()

        self.assertEqual(order.state, "sale", "the dealer's order stays confirmed")
        self.assertEqual(order.dealer_fulfilment_state, "failed")
        self.assertFalse(order.picking_ids)
        self.assertTrue(order.dealer_fulfilment_error)
        self.assertIn("could not be created", order.message_ids[0].body)
        warning = self.env.ref("mail.mail_activity_data_warning")
        activity = order.activity_ids.filtered(lambda a: a.activity_type_id == warning)
        self.assertEqual(len(activity), 1)
        # The job does not retry a failed order on its own.
        self.assertFalse(self.env["sale.order"]._dealer_cron_fulfilment())
        # The button says why while the cause is there.
        with self.assertRaises(UserError):
            order.action_dealer_run_fulfilment()
        rules.action_unarchive()
        order.action_dealer_run_fulfilment()
        self.assertFalse(order.dealer_fulfilment_state)
        self.assertEqual(self._customer_pickings(order).move_ids.product_uom_qty, 2)

    def test_order_cancelled_before_the_job(self):
        order = self._submit([(self.product_a, 2)])
        order._action_cancel()
        self.env["sale.order"]._dealer_cron_fulfilment()
        self.assertFalse(order.dealer_fulfilment_state)
        self.assertFalse(order.picking_ids)

    def test_locked_order_gets_its_deliveries_and_stays_locked(self):
        self.env.user.groups_id = [Command.link(self.env.ref("sale.group_auto_done_setting").id)]
        order = self._submit([(self.product_a, 2)])
        self.assertTrue(order.locked)
        self.env["sale.order"]._dealer_cron_fulfilment()
        self.assertTrue(order.picking_ids)
        self.assertTrue(order.locked)

    def test_job_works_in_batches(self):
        orders = self.env["sale.order"]
        for __ in range(3):
            orders |= self._submit([(self.product_c, 1)])
        first = self.env["sale.order"]._dealer_cron_fulfilment(batch=2)
        self.assertEqual(first, orders[:2])
        self.assertEqual(orders[2].dealer_fulfilment_state, "pending")
        self.assertEqual(self.env["sale.order"]._dealer_cron_fulfilment(batch=2), orders[2])
        self.assertTrue(all(o.picking_ids for o in orders))

    def test_submission_query_count_does_not_grow_with_lines(self):
        products = publish(
            self.env["product.product"].create(
                [
                    {
                        "name": f"DD Fitting {i:02d}",
                        "default_code": f"DDF-{i:02d}",
                        "is_storable": True,
                        "categ_id": self.categ.id,
                        "list_price": 5.0,
                        "sale_ok": True,
                    }
                    for i in range(40)
                ]
            )
        )
        for product in products:
            self._set_stock(product, self.wh_1step, 50)

        def submit(count, offset):
            order = self._make_order([(p, 2) for p in products[offset : offset + count]])
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = order.action_dealer_submit(channel="portal")
            self.env.flush_all()
            self.assertEqual(result["outcome"], "confirmed", result["issues"])
            return self.env.cr.sql_log_count - before

        submit(2, 0)  # warm the registry caches
        small, large = submit(5, 2), submit(30, 10)
        self.assertLessEqual(large, small, f"submission: {small} queries for 5 lines, {large} for 30")
