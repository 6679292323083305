import base64
from datetime import timedelta

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestStage(DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for warehouse in (cls.wh_1step, cls.wh_2step, cls.wh_3step):
            cls._set_stock(cls.product_a, warehouse, 100)
            cls._set_stock(cls.product_b, warehouse, 100)

    def _stages(self, order):
        return order.dealer_stage_log_ids.sorted(lambda l: (l.reached_at, l.id)).mapped("stage")

    def test_one_step_from_submission_to_delivered(self):
        order = self._make_order([(self.product_a, 5)])
        self.assertEqual(order.dealer_stage, False)
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "confirmed")
        self.assertEqual(order.dealer_stage, "confirmed", "the deliveries come from the fulfilment job")
        self.env["sale.order"]._dealer_cron_fulfilment()
        self.assertEqual(order.dealer_stage, "processing", "stock is reserved when the delivery is created")
        self.assertEqual(self._stages(order), ["submitted", "confirmed", "processing"])
        picking = self._customer_pickings(order)
        self._validate(picking)
        self.assertEqual((picking.dealer_stage, order.dealer_stage), ("dispatched", "dispatched"))
        self._event(picking, "out_for_delivery", minutes=5, location_text="Ring road exit 4")
        self.assertEqual(order.dealer_stage, "out_for_delivery")
        self._event(picking, "delivered", minutes=30)
        self.assertEqual(order.dealer_stage, "delivered")
        self.assertEqual(self._stages(order)[-3:], ["dispatched", "out_for_delivery", "delivered"])
        timeline = order._dealer_timeline()
        self.assertEqual(
            [t["stage"] for t in timeline],
            ["submitted", "confirmed", "processing", "dispatched", "out_for_delivery", "delivered"],
        )
        self.assertTrue(all(t["done"] and t["at"] for t in timeline))

    def test_one_step_without_stock_waits_in_confirmed(self):
        order = self._make_order([(self.product_c, 3)])
        self._confirm(order)
        self.assertEqual(order.dealer_stage, "confirmed")
        self._set_stock(self.product_c, self.wh_1step, 3)
        self._customer_pickings(order).action_assign()
        self.assertEqual(order.dealer_stage, "processing")
        timeline = {t["stage"]: t for t in order._dealer_timeline()}
        self.assertFalse(timeline["dispatched"]["done"])

    def test_two_steps_stage_follows_pick_then_delivery(self):
        order = self._make_order([(self.product_a, 4)], warehouse=self.wh_2step)
        self._confirm(order)
        pick = order.picking_ids.filtered(lambda p: p.picking_type_id == self.wh_2step.pick_type_id)
        self.assertEqual(len(pick), 1)
        self.assertFalse(self._customer_pickings(order), "the delivery is created when the pick is done")
        self.assertEqual(order.dealer_stage, "processing", "the pick step is reserved")
        self._validate(pick)
        out = self._customer_pickings(order)
        self.assertEqual(len(out), 1)
        self.assertEqual((out.dealer_stage, order.dealer_stage), ("processing", "processing"))
        self._validate(out)
        self.assertEqual(order.dealer_stage, "dispatched")

    def test_two_steps_partial_pick_keeps_processing(self):
        order = self._make_order([(self.product_a, 4)], warehouse=self.wh_2step)
        self._confirm(order)
        pick = order.picking_ids.filtered(lambda p: p.picking_type_id == self.wh_2step.pick_type_id)
        self._validate(pick, {self.product_a: 1})
        out = self._customer_pickings(order)
        self._validate(out)
        self.assertEqual(out.dealer_stage, "dispatched")
        self.assertEqual(order.dealer_stage, "processing", "3 units are still being picked")
        self._validate(pick.backorder_ids)
        self._validate(self._customer_pickings(order) - out)
        self.assertEqual(order.dealer_stage, "dispatched")

    def test_three_steps(self):
        order = self._make_order([(self.product_a, 4)], warehouse=self.wh_3step)
        self._confirm(order)
        pick = order.picking_ids.filtered(lambda p: p.picking_type_id == self.wh_3step.pick_type_id)
        self.assertEqual(len(pick), 1)
        self.assertEqual(order.dealer_stage, "processing")
        self._validate(pick)
        pack = order.picking_ids.filtered(lambda p: p.picking_type_id == self.wh_3step.pack_type_id)
        self.assertEqual(len(pack), 1)
        self._validate(pack)
        out = self._customer_pickings(order)
        self.assertEqual(len(out), 1)
        self.assertEqual(order.dealer_stage, "processing")
        self._validate(out)
        self.assertEqual(order.dealer_stage, "dispatched")
        self._event(out, "delivered", minutes=3)
        self.assertEqual(order.dealer_stage, "delivered")

    def test_three_steps_not_started_is_confirmed(self):
        order = self._make_order([(self.product_c, 2)], warehouse=self.wh_3step)
        self._confirm(order)
        self.assertEqual(order.dealer_stage, "confirmed")

    def test_partial_delivery_and_backorder_per_shipment(self):
        order = self._make_order([(self.product_a, 10), (self.product_b, 2)])
        self._confirm(order)
        first = self._customer_pickings(order)
        self._validate(first, {self.product_a: 6, self.product_b: 2})
        backorder = first.backorder_ids
        self.assertTrue(backorder)
        self.assertEqual(first.dealer_stage, "dispatched")
        self.assertEqual(order.dealer_stage, "processing", "4 units are still to ship")
        shipments = order._dealer_shipments()
        self.assertEqual([s["picking"] for s in shipments], [first, backorder])
        self.assertEqual(shipments[0]["stage"], "dispatched")
        self.assertFalse(shipments[0]["is_backorder"])
        self.assertTrue(shipments[1]["is_backorder"])
        self.assertEqual(shipments[1]["lines"][0]["qty"], 4)
        self._event(first, "delivered", minutes=10)
        self.assertEqual(order.dealer_stage, "processing")
        self._validate(backorder)
        self.assertEqual(order.dealer_stage, "dispatched")
        self._event(backorder, "delivered", minutes=20)
        self.assertEqual(order.dealer_stage, "delivered")

    def test_events_out_of_order_never_go_back(self):
        order = self._make_order([(self.product_a, 1)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        self._validate(picking)
        self._event(picking, "delivered", minutes=30)
        self._event(picking, "out_for_delivery", minutes=5)
        self._event(picking, "in_transit", minutes=1)
        self.assertEqual((picking.dealer_stage, order.dealer_stage), ("delivered", "delivered"))

    def test_unreserve_does_not_go_back(self):
        order = self._make_order([(self.product_a, 1)])
        self._confirm(order)
        self.assertEqual(order.dealer_stage, "processing")
        self._customer_pickings(order).do_unreserve()
        self.assertEqual(order.dealer_stage, "processing")

    def test_cancel_and_back_to_draft(self):
        order = self._make_order([(self.product_a, 1)])
        self._confirm(order)
        order._action_cancel()
        self.assertEqual(order.dealer_stage, "cancelled")
        self.assertEqual(order._dealer_timeline()[-1]["stage"], "cancelled")
        order.action_draft()
        self.assertEqual(order.dealer_stage, "draft")

    def test_pending_approval(self):
        order = self._make_order([(self.product_a, 1)])
        order.order_line.write({"price_unit": 1.0, "dealer_price_request_reason": "Competitor offer"})
        result = order.action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "approval")
        self.assertEqual(order.dealer_stage, "pending_approval")
        self.assertIn("pending_approval", [t["stage"] for t in order._dealer_timeline()])
        if "dealer_approval_state" in order._fields:
            # With an approval addon installed, its approvers decide, level by level.
            for _level in range(5):
                if order.state == "sale":
                    break
                order.with_user(order.dealer_approver_ids[:1]).action_dealer_approve()
        else:
            # Without one, the back office's Confirm of a submitted order is the decision.
            order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_stage, "processing")

    def test_eta_from_carrier_event_else_scheduled_date(self):
        order = self._make_order([(self.product_a, 1)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        self.assertEqual(picking.dealer_eta, picking.scheduled_date)
        self.assertEqual(order.dealer_eta, picking.scheduled_date)
        self._validate(picking)
        eta = picking.scheduled_date.replace(microsecond=0) + timedelta(days=2)
        self._event(picking, "in_transit", eta=eta)
        self.assertEqual(picking.dealer_eta, eta)
        self.assertEqual(order.dealer_eta, eta)
        self._event(picking, "delivered", minutes=1)
        self.assertFalse(order.dealer_eta, "nothing left to deliver")

    def test_manual_event_from_picking_wizard(self):
        order = self._make_order([(self.product_a, 1)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        self._validate(picking)
        action = picking.action_dealer_add_event()
        pixel = base64.b64encode(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
            b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
        )
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create(
                {
                    "stage": "delivered",
                    "location_text": "Dealer back gate",
                    "latitude": 12.9716,
                    "longitude": 77.5946,
                    "note": "Rider called in",
                    "proof_image": pixel,
                    "proof_type": "signature",
                }
            )
        )
        wizard.action_confirm()
        event = picking.dealer_event_ids
        self.assertEqual((event.source, event.stage, event.proof_type), ("manual", "delivered", "signature"))
        self.assertTrue(event.proof_image)
        self.assertEqual(order.dealer_stage, "delivered")
        location = picking._dealer_last_location()
        self.assertEqual(location["text"], "Dealer back gate")
        self.assertAlmostEqual(location["lat"], 12.9716)

    def test_in_transit_list(self):
        order = self._make_order([(self.product_a, 1)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_delivery.stock_picking_dealer_in_transit_action")
        action["domain"] = safe_eval(action["domain"])
        self.assertNotIn(picking, self.env["stock.picking"].search(action["domain"]))
        self._validate(picking)
        self.assertIn(picking, self.env["stock.picking"].search(action["domain"]))
        self._event(picking, "delivered")
        self.assertNotIn(picking, self.env["stock.picking"].search(action["domain"]))

    def test_delivery_slip_pdf_for_done_delivery(self):
        order = self._make_order([(self.product_a, 2)])
        self._confirm(order)
        picking = self._customer_pickings(order)
        self._validate(picking)
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("stock.action_report_delivery", picking.ids)
        )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
