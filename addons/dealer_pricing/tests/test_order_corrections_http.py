from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .test_order_corrections import DealerCorrectionCommon


@tagged("post_install", "-at_install")
class TestOrderCorrectionsRpc(DealerCorrectionCommon, HttpCase):
    """Corrections replayed as the browser sends them: JSON-RPC on
    ``/web/dataset/call_kw``."""

    def _rpc(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_internal_user_writes_a_submitted_line_with_and_without_reason(self):
        order = self._submitted_order()
        line = order.order_line.filtered(lambda line: line.product_id == self.pad)
        self.authenticate(self.user_salesman.login, self.user_salesman.login)
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._rpc("sale.order.line", "write", [line.ids, {"product_uom_qty": 16}])
        self.env.invalidate_all()
        self.assertEqual(line.product_uom_qty, 10, "nothing written")
        self.assertFalse(self._rows(order))
        # The form's way: the reason saved on the order, then the line.
        self._rpc("sale.order", "write", [order.ids, {"dealer_correction_reason_id": self.reason_qty.id}])
        self._rpc("sale.order.line", "write", [line.ids, {"product_uom_qty": 16}])
        # The reason in the context of the call.
        self._rpc(
            "sale.order.line",
            "write",
            [line.ids, {"price_unit": 39.0}],
            {"context": {"dealer_correction_reason_id": self.reason_price.id}},
        )
        self.env.invalidate_all()
        self.assertEqual(line.product_uom_qty, 16)
        self.assertEqual(
            self._row_values(order),
            [
                ("quantity", "product_uom_qty", "10 units", "16 units", self.reason_qty),
                ("price", "price_unit", "40.00", "39.00", self.reason_price),
            ],
        )
        self.assertEqual(self._rows(order).user_id, self.user_salesman)
        # The form's save: the reason and the lines in one write.
        self._rpc(
            "sale.order",
            "web_save",
            [
                order.ids,
                {
                    "dealer_correction_reason_id": self.reason_qty.id,
                    "order_line": [[1, line.id, {"product_uom_qty": 18}]],
                },
            ],
            {"specification": {"dealer_correction_reason_id": {}, "dealer_correction_count": {}}},
        )
        self.assertEqual(len(self._rows(order)), 3)

    def test_portal_user_can_neither_read_nor_create_corrections(self):
        order = self._submitted_order()
        order.with_user(self.user_salesman).dealer_correction_reason_id = self.reason_qty
        order.order_line[0].with_user(self.user_salesman).write({"product_uom_qty": 12})
        self.assertEqual(len(self._rows(order)), 1)
        self.authenticate(self.user_gold.login, self.user_gold.login)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc(
                "dealer.order.correction", "search_read", [[("order_id", "=", order.id)]], {"fields": ["old_value"]}
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc(
                "dealer.order.correction",
                "create",
                [
                    {
                        "order_id": order.id,
                        "partner_id": self.dealer_gold.id,
                        "company_id": self.company.id,
                        "kind": "quantity",
                        "reason_id": self.reason_qty.id,
                    }
                ],
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._rpc("sale.order", "read", [order.ids, ["dealer_correction_ids"]])
        self.assertEqual(len(self._rows(order)), 1)
