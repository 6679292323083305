import json

from odoo.tests import tagged

from .common import DealerIntegrationCommon


@tagged("post_install", "-at_install")
class TestOutboxCorrections(DealerIntegrationCommon):
    """A back-office correction of a submitted order is sent as
    ``order.changed``, with what changed and why."""

    def test_correction_is_queued_as_order_changed_with_its_reason(self):
        order = self._confirm(self._make_order([(self.product_a, 2), (self.product_b, 1)]))
        reason = self.env.ref("dealer_pricing.dealer_order_correction_reason_quantity")
        line = order.order_line.filtered(lambda line: line.product_id == self.product_a)
        order.with_user(self.dd_sales_manager).write(
            {
                "dealer_correction_reason_id": reason.id,
                "order_line": [(1, line.id, {"product_uom_qty": 4})],
            }
        )
        changed = self._events(order=order).filtered(lambda e: e.event_type == "order.changed")
        self.assertEqual(len(changed), 1)
        body = json.loads(changed.payload)
        self.assertEqual(body["type"], "order.changed")
        self.assertEqual(body["data"]["order"]["name"], order.name)
        change = next(c for c in body["data"]["changes"] if c["field"] == "product_uom_qty")
        self.assertEqual((change["kind"], change["line_id"], change["reason_id"]), ("quantity", line.id, reason.id))
        self.assertIn("2", change["old"])
        self.assertIn("4", change["new"])

    def test_system_writes_and_drafts_send_no_change(self):
        draft = self._make_order([(self.product_a, 2)])
        draft.order_line.product_uom_qty = 3
        order = self._confirm(self._make_order([(self.product_a, 2)]))
        order.sudo().order_line.product_uom_qty = 5  # the system's own write: no correction
        self.assertFalse(
            self.Event.search([("order_id", "in", (draft | order).ids), ("event_type", "=", "order.changed")])
        )
