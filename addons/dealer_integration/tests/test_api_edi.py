from odoo.tests import tagged

from odoo.addons.dealer_order_intake.tests.ubl_common import BILLION_LAUGHS, ubl_order
from odoo.addons.dealer_order_intake.tools.ubl import MAX_UBL_BYTES

from .common_api import DealerApiHttpCommon


@tagged("post_install", "-at_install")
class TestDealerApiEdi(DealerApiHttpCommon):
    """UBL order files posted by dealers' systems with their API key."""

    def _post(self, content, login="dc_a_desk", key=None):
        return self._api(
            "POST", "/orders/ubl", login=login, key=key, data=content, headers={"Content-Type": "application/xml"}
        )

    def _file(self, lines=None, **kw):
        kw.setdefault("buyer_name", self.dealer_a.name)
        kw.setdefault("currency", self.currency.name)
        return ubl_order(lines or [{"sku": "DC-DRILL", "qty": 4, "unit": "C62", "price": 150.0}], **kw)

    def test_posted_ubl_order_is_an_edi_order_of_the_key_user(self):
        response = self._post(self._file(po="ERP-UBL-1"))
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        order = self.env["sale.order"].browse(body["order"]["id"])
        self.assertEqual((order.dealer_channel, order.client_order_ref, order.state), ("edi", "ERP-UBL-1", "sale"))
        self.assertEqual(order.dealer_submitted_by, self.user_a_desk)
        self.assertEqual({l.product_id: l.product_uom_qty for l in order.order_line}, {self.p_drill: 4})

    def test_the_same_file_or_idempotency_key_orders_once(self):
        first = self._post(self._file(po="ERP-UBL-5")).json()
        again = self._post(self._file(po="ERP-UBL-5"))
        self.assertEqual(again.status_code, 200)
        self.assertEqual((again.json()["replayed"], again.json()["order"]["id"]), (True, first["order"]["id"]))
        headers = {"Content-Type": "application/xml", "Idempotency-Key": "erp-run-000042"}
        one = self._api("POST", "/orders/ubl", login="dc_a_desk", data=self._file(po="ERP-UBL-6"), headers=headers)
        two = self._api("POST", "/orders/ubl", login="dc_a_desk", data=self._file(po="ERP-UBL-7"), headers=headers)
        self.assertEqual((one.status_code, two.status_code), (201, 200))
        self.assertEqual(two.json()["order"]["id"], one.json()["order"]["id"])
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "ERP-UBL-7")]))

    def test_each_line_is_answered(self):
        lines = [
            {"sku": "DC-DRILL", "qty": 1, "unit": "C62", "price": 100.0},
            {"sku": "NOPE", "qty": 1},
            {"sku": "DC-SAW", "qty": 1, "unit": "DZN"},
        ]
        body = self._post(self._file(lines, po="ERP-UBL-2")).json()
        self.assertEqual(body["outcome"], "confirmed")
        self.assertEqual([line["line"] for line in body["lines_not_taken"]], [2, 3])
        self.assertEqual([n["line"] for n in body["line_notes"]], [1])
        self.assertEqual(body["order"]["lines"][0]["price_unit"], 150.0)

    def test_another_dealers_file_or_key(self):
        response = self._post(self._file(buyer_name=self.dealer_b.name, po="ERP-UBL-3"))
        self.assertEqual(response.status_code, 422)
        self.assertIn("is not your company", response.json()["message"])
        # Dealer B's key with dealer A's file: refused the same way.
        response = self._post(self._file(po="ERP-UBL-4"), login="dc_b_desk")
        self.assertEqual(response.status_code, 422)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "in", ("ERP-UBL-3", "ERP-UBL-4"))]))

    def test_roles_hostile_and_huge_files(self):
        self.assertEqual(self._post(self._file(), login="dc_a_ware").status_code, 403)
        response = self._post(BILLION_LAUGHS)
        self.assertEqual(response.status_code, 422)
        self.assertIn("DOCTYPE", response.json()["message"])
        response = self._post(b"<" + b"x" * (MAX_UBL_BYTES + 10))
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self._post(self._file(), key="f" * 40).status_code, 401)
