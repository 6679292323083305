import io

from odoo.tests import tagged

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin


@tagged("post_install", "-at_install")
class TestStorefrontCrossDealer(StorefrontHttpMixin, DealerPortalHttpCommon):
    """Every storefront route and JSON endpoint called by dealer B with
    dealer A's ids and keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Dealer A: one confirmed order, one blocked cart with a price request.
        cls.a_order = cls._dealer_cart(cls.user_a_desk, [(cls.p_drill, 2), (cls.p_special, 1)])
        cls.a_key = "a" * 32
        cls.a_order.with_user(cls.user_a_desk).sudo()._dealer_portal_submit(submission_key=cls.a_key)
        cls.a_cart = cls._dealer_cart(cls.user_a_desk, [(cls.p_bolt, 5)])
        cls.a_attempt_id = cls.a_cart.with_user(cls.user_a_desk).sudo()._dealer_portal_submit()["attempt_id"]

    def test_other_dealer_gets_nothing(self):
        self.assertEqual(self.a_order.state, "sale")
        self._login(self.user_b_desk)
        # Result page of A's order.
        res = self.url_open(f"/shop/dealer/submitted/{self.a_order.id}", allow_redirects=False)
        self.assertTrue(res.headers["Location"].endswith("/my"))
        # Reorder from A's order.
        self._post(f"/my/quick-order/reorder/{self.a_order.id}")
        self.assertFalse(self._cart().order_line)
        self.assertIn("cannot be found", self.url_open("/my/quick-order").text)
        # A's blocked attempt shown in B's cart.
        self._add(self.p_drill, 1)
        html = self.url_open(f"/shop/cart?dealer_attempt={self.a_attempt_id}").text
        self.assertNotIn("Your order was not sent", html)
        # A price request on A's cart line.
        a_line = self.a_cart.order_line
        self._post("/shop/cart/dealer_price_request", {"line_id": a_line.id, "price": "0.01", "reason": "mine"})
        a_line.invalidate_recordset()
        self.assertFalse(a_line.dealer_price_request_reason)
        self.assertIn("not in your cart", self.url_open("/shop/cart").text)
        # Replaying A's submission key.
        b_cart = self._cart()
        res = self._post("/shop/dealer/submit", {"submission_key": self.a_key})
        self.assertNotIn(str(self.a_order.id), res.headers["Location"])
        b_cart.invalidate_recordset()
        self.assertEqual(b_cart.state, "draft")
        self.assertIn("expired", self.url_open("/shop/cart").text)
        # Autocomplete offers only B's assortment.
        self.assertEqual(self._json("/my/quick-order/search", {"term": "DC-GEAR"}), [])
        self.assertEqual([r["sku"] for r in self._json("/my/quick-order/search", {"term": "DC-DRI"})], ["DC-DRILL"])
        # A's user list.
        self._login(self.user_b_admin)
        self.assertNotIn("dc_a_", self.url_open("/my/dealer/users").text)

    def test_company_colleague_sees_and_reorders(self):
        self._login(self.user_a_desk2)
        res = self.url_open(f"/shop/dealer/submitted/{self.a_order.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn(self.a_order.name, res.text)
        self._post(f"/my/quick-order/reorder/{self.a_order.id}")
        cart = self._cart()
        self.assertEqual(
            {l.product_id: l.product_uom_qty for l in cart.order_line}, {self.p_drill: 2, self.p_special: 1}
        )


@tagged("post_install", "-at_install")
class TestStorefrontQuickOrderHttp(StorefrontHttpMixin, DealerPortalHttpCommon):
    def _result_page(self):
        return self.url_open("/my/quick-order").text

    def test_paste_adds_good_rows_and_reports_bad_ones(self):
        self._login(self.user_a_desk)
        res = self._post(
            "/my/quick-order/add", {"lines": "DC-DRILL 2\nDC-SECRET 1\nDC-SAW;-1\nDC-GEAR x 3", "form_key": "k1"}
        )
        self.assertTrue(res.headers["Location"].endswith("/my/quick-order"))
        cart = self._cart()
        self.assertEqual({l.product_id: l.product_uom_qty for l in cart.order_line}, {self.p_drill: 2, self.p_gear: 3})
        html = self._result_page()
        self.assertIn("2 product(s) added", html)
        self.assertIn("not in your catalog", html)
        self.assertIn("more than zero", html)
        # Same form posted again (refresh, double click): nothing added twice.
        self._post("/my/quick-order/add", {"lines": "DC-DRILL 2", "form_key": "k1"})
        cart.invalidate_recordset()
        self.assertEqual(cart.order_line.filtered(lambda l: l.product_id == self.p_drill).product_uom_qty, 2)

    def test_single_sku(self):
        self._login(self.user_a_desk)
        self._post("/my/quick-order/add", {"sku": "4006381333931", "qty": "4"})
        self.assertEqual(self._cart().order_line.product_id, self.p_drill)
        self._post("/my/quick-order/add", {"sku": "DC-DRILL", "qty": "1,5"})
        self.assertIn("whole", self._result_page())

    def test_uploaded_files_fill_the_cart_and_report_what_they_cannot(self):
        self._login(self.user_a_desk)
        csv_cp1252 = "Référence;Quantité\nDC-DRILL;3\nDC-ÜNKNOWN;1\n".encode("cp1252")
        self._post("/my/quick-order/add", files={"upload": ("commande.csv", csv_cp1252, "text/csv")})
        html = self._result_page()
        self.assertIn("1 product(s) added", html)
        self.assertIn("Unknown SKU", html)
        self.assertIn("DC-ÜNKNOWN", html)

        self._post("/my/quick-order/add", files={"upload": ("empty.csv", b"", "text/csv")})
        self.assertIn("The file is empty", self._result_page())

        big = "\n".join(f"DC-GEAR {1}" for __ in range(10000)).encode()
        self._post("/my/quick-order/add", files={"upload": ("big.csv", big, "text/csv")})
        html = self._result_page()
        self.assertIn("only the first 1,000 were read", html)
        self.assertEqual(self._cart().order_line.filtered(lambda l: l.product_id == self.p_gear).product_uom_qty, 1000)

        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["SKU", "Qty"])
        wb.active.append(["DC-SAW", "=10*10"])
        wb.active.append(["DC-SPECIAL", 2])
        buf = io.BytesIO()
        wb.save(buf)
        self._post("/my/quick-order/add", files={"upload": ("o.xlsx", buf.getvalue(), "application/octet-stream")})
        html = self._result_page()
        self.assertIn("Formulas are not accepted", html)
        self.assertNotIn(self.p_saw, self._cart().order_line.product_id)
        self.assertIn(self.p_special, self._cart().order_line.product_id)

        self._post(
            "/my/quick-order/add", files={"upload": ("o.xlsx", b"PK\x03\x04garbage", "application/octet-stream")}
        )
        self.assertIn("not a readable Excel", self._result_page())
