import re

from odoo import http
from odoo.tests import JsonRpcException, tagged

from .common import DealerPortalHttpCommon


class StorefrontHttpMixin:
    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _json(self, url, params):
        return self.make_jsonrpc_request(url, params)

    def _cart(self):
        """The signed-in user's current draft website order."""
        return self.env["sale.order"].search(
            [
                ("partner_id", "=", self.env["res.users"].browse(self.session.uid).partner_id.id),
                ("state", "=", "draft"),
                ("website_id", "!=", False),
            ],
            order="id desc",
            limit=1,
        )

    def _add(self, product, qty):
        return self._json("/shop/cart/update_json", {"product_id": product.id, "add_qty": qty, "display": False})

    def _submit_key(self):
        html = self.url_open("/shop/cart").text
        match = re.search(r'name="submission_key" value="([0-9a-f]{32})"', html)
        self.assertTrue(match, "the cart renders a submission key for dealers")
        return match.group(1)


@tagged("post_install", "-at_install")
class TestStorefrontCatalog(StorefrontHttpMixin, DealerPortalHttpCommon):
    def test_catalog_shows_dealer_prices_scheme_and_rules(self):
        self._login(self.user_a_desk)
        res = self.url_open("/my/catalog")
        self.assertEqual(res.status_code, 200)
        html = res.text
        self.assertIn("DC Cordless Drill", html)
        self.assertIn("DC Gold Exclusive Kit", html, "a product included by the tier is listed")
        self.assertNotIn("DC Prototype Laser", html, "products outside the assortment are not listed")
        self.assertIn("150.00", html)
        # Scheme: 199 now, struck-through regular 240, with its end date.
        self.assertRegex(html, r"o_dealer_regular_price[^>]*>.*240\.00", "regular tier price struck through")
        self.assertIn("199.00", html)
        self.assertIn("Offer until", html)
        self.assertIn("Packs of", html)
        self.assertIn("Min.", html)
        # Availability from dealer_delivery, per product.
        self.assertRegex(
            html, r'(?s)data-sku="DC-DRILL"(?:(?!</li>).)*o_dealer_availability_in_stock', "drill in stock"
        )
        self.assertRegex(html, r'(?s)data-sku="DC-GEAR"(?:(?!</li>).)*o_dealer_availability_out', "gear out of stock")

    def test_catalog_other_tier_other_prices(self):
        self._login(self.user_b_desk)
        html = self.url_open("/my/catalog").text
        self.assertIn("180.00", html)
        self.assertNotIn("150.00", html)
        self.assertNotIn("DC Gearbox", html, "Silver does not buy parts")
        self.assertNotIn("Offer until", html, "the Gold scheme is not shown to Silver")

    def test_catalog_search_by_name_sku_barcode_and_category(self):
        self._login(self.user_a_desk)
        for term in ("Circular", "dc-saw", "4006381333948"):
            html = self.url_open(f"/my/catalog?search={term}").text
            self.assertIn("DC Circular Saw", html, term)
            self.assertNotIn("DC Cordless Drill", html, term)
        html = self.url_open(f"/my/catalog?categ={self.categ_catalog_parts.id}").text
        self.assertIn("DC Gearbox", html)
        self.assertNotIn("DC Cordless Drill", html)
        html = self.url_open("/my/catalog?search=zzzzzz").text
        self.assertIn("No product matches", html)
        # Bad input never breaks the page.
        self.assertEqual(self.url_open("/my/catalog?categ=abc&page=-4").status_code, 200)

    def test_catalog_pagination(self):
        self.env["product.product"].create(
            [
                {
                    "name": f"DC Bulk Tool {i:02d}",
                    "default_code": f"DC-BULK-{i:02d}",
                    "categ_id": self.categ_tools.id,
                    "is_published": True,
                    "sale_ok": True,
                    "list_price": 10,
                }
                for i in range(30)
            ]
        )
        self._login(self.user_a_desk)
        page1 = self.url_open("/my/catalog").text
        page2 = self.url_open("/my/catalog?page=2").text
        self.assertEqual(page1.count('o_dealer_catalog_item"'), 24)
        self.assertEqual(page2.count('o_dealer_catalog_item"'), 35 - 24)

    def test_anonymous_login_or_public_catalog_without_prices(self):
        self.authenticate(None, None)
        res = self.url_open("/my/catalog", allow_redirects=False)
        self.assertEqual(res.status_code, 303)
        self.assertIn("/web/login", res.headers["Location"])
        self.website.dealer_public_catalog = True
        res = self.url_open("/my/catalog")
        self.assertEqual(res.status_code, 200)
        self.assertIn("DC Cordless Drill", res.text)
        self.assertNotIn("o_dealer_price", res.text)
        self.assertNotIn("150.00", res.text)
        self.assertNotIn("o_dealer_add_form", res.text)

    def test_shop_lists_only_the_assortment(self):
        self._login(self.user_a_desk)
        html = self.url_open("/shop?search=4006381333931").text
        self.assertIn("DC Cordless Drill", html, "/shop finds a product by barcode")
        self.assertNotIn("DC Circular Saw", html)
        html = self.url_open("/shop?search=DC").text
        self.assertIn("DC Cordless Drill", html)
        self.assertNotIn("DC Prototype Laser", html)
        res = self.url_open(self.p_secret.product_tmpl_id.website_url)
        self.assertEqual(res.status_code, 404, "a product page outside the assortment is not found")

    def test_tier_pricelist_is_enforced_even_if_not_on_website(self):
        # The Gold list is not selectable on the website; Odoo would fall back
        # to another available list.
        public_pl = self.env["product.pricelist"].create(
            {
                "name": "DC Web public",
                "currency_id": self.currency.id,
                "selectable": True,
                "website_id": self.website.id,
                "sequence": 1,
                "item_ids": [(0, 0, {"applied_on": "3_global", "compute_price": "percentage", "percent_price": 0})],
            }
        )
        self.assertFalse(self.pl_gold._is_available_on_website(self.website))
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        cart = self._cart()
        self.assertEqual(cart.pricelist_id, self.pl_gold)
        self.assertEqual(cart.order_line.price_unit, 150.0)
        # Trying to switch to the public list changes nothing.
        self.url_open(f"/shop/change_pricelist/{public_pl.id}")
        self._add(self.p_drill, 1)
        cart.invalidate_recordset()
        self.assertEqual(cart.pricelist_id, self.pl_gold)
        self.assertEqual(cart.order_line.price_unit, 150.0)
        # A cart started under another list is brought back to the tier list.
        cart.write({"pricelist_id": public_pl.id})
        cart.order_line.write({"price_unit": 200.0, "technical_price_unit": 200.0})
        self._add(self.p_drill, 1)
        cart.invalidate_recordset()
        self.assertEqual(cart.pricelist_id, self.pl_gold)
        self.assertEqual(cart.order_line.price_unit, 150.0)


@tagged("post_install", "-at_install")
class TestStorefrontCart(StorefrontHttpMixin, DealerPortalHttpCommon):
    def test_cart_json_refuses_products_outside_the_assortment(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        with self.assertRaises(JsonRpcException):
            self._add(self.p_secret, 1)
        # set_qty skips native's add-to-cart check: still refused.
        with self.assertRaises(JsonRpcException):
            self._json("/shop/cart/update_json", {"product_id": self.p_secret.id, "set_qty": 3})
        # Silver's dealer cannot add a Gold-only product either.
        self.assertNotIn(self.p_secret, self._cart().order_line.product_id)
        self._login(self.user_b_desk)
        with self.assertRaises(JsonRpcException):
            self._add(self.p_gear, 1)
        self.assertFalse(self._cart().order_line)

    def test_tampered_price_is_ignored(self):
        self._login(self.user_a_desk)
        self._json(
            "/shop/cart/update_json",
            {
                "product_id": self.p_drill.id,
                "add_qty": 2,
                "price_unit": 1.0,
                "discount": 99,
                "display": False,
            },
        )
        line = self._cart().order_line
        self.assertEqual(line.price_unit, 150.0)
        self.assertEqual(line.discount, 0.0)
        self.assertFalse(line.dealer_price_nonstandard)
        # A price request without a reason is refused.
        self._post("/shop/cart/dealer_price_request", {"line_id": line.id, "price": "1", "reason": ""})
        line.invalidate_recordset()
        self.assertEqual(line.price_unit, 150.0)
        self.assertIn("Say why", self.url_open("/shop/cart").text)

    def test_cart_shows_pipeline_issues_per_line(self):
        self._login(self.user_a_desk)
        self._add(self.p_bolt, 5)
        res = self._json(
            "/shop/cart/update_json",
            {"product_id": self.p_bolt.id, "set_qty": 25, "line_id": self._cart().order_line.id},
        )
        self.assertIn("o_dealer_issue_qty_not_multiple", res["website_sale.cart_lines"])
        html = self.url_open("/shop/cart").text
        self.assertIn("packs of 10", html)
        self.assertNotIn("/shop/checkout", html.split("o_dealer_submit_form")[0].split("cart_products")[-1])


@tagged("post_install", "-at_install")
class TestStorefrontSubmission(StorefrontHttpMixin, DealerPortalHttpCommon):
    def test_submit_confirms_and_is_idempotent(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 2)
        cart = self._cart()
        key = self._submit_key()
        data = {"submission_key": key, "po_ref": "PO-4711", "shipping_id": self.dealer_a_depot.id}
        res = self._post("/shop/dealer/submit", data)
        self.assertEqual(res.status_code, 303)
        self.assertIn(f"/shop/dealer/submitted/{cart.id}", res.headers["Location"])
        cart.invalidate_recordset()
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.client_order_ref, "PO-4711")
        self.assertEqual(cart.partner_shipping_id, self.dealer_a_depot)
        self.assertEqual(cart.dealer_channel, "portal")
        self.assertEqual(cart.dealer_attempt_ids.outcome, "confirmed")
        # Double click, refresh, retry: same answer, no second order.
        self._add(self.p_drill, 1)  # a new cart exists meanwhile
        for __ in range(2):
            res = self._post("/shop/dealer/submit", data)
            self.assertIn(f"/shop/dealer/submitted/{cart.id}", res.headers["Location"])
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("partner_id", "=", self.user_a_desk.partner_id.id), ("state", "=", "sale")]
            ),
            1,
        )
        self.assertEqual(len(cart.dealer_attempt_ids), 1)
        page = self.url_open(f"/shop/dealer/submitted/{cart.id}").text
        self.assertIn(cart.name, page)
        self.assertIn("is confirmed", page)
        self.assertIn("PO-4711", page)

    def test_blocked_submission_keeps_cart_and_lists_issues(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        self._add(self.p_bolt, 5)
        cart = self._cart()
        lines_before = [(l.product_id.id, l.product_uom_qty, l.price_unit) for l in cart.order_line]
        res = self._post("/shop/dealer/submit", {"submission_key": self._submit_key(), "po_ref": "PO-1"})
        self.assertIn("/shop/cart?dealer_attempt=", res.headers["Location"])
        cart.invalidate_recordset()
        self.assertEqual(cart.state, "draft")
        self.assertFalse(cart.dealer_submitted_at)
        self.assertEqual([(l.product_id.id, l.product_uom_qty, l.price_unit) for l in cart.order_line], lines_before)
        attempt = cart.dealer_attempt_ids
        self.assertEqual(attempt.outcome, "blocked")
        self.assertIn("qty_below_min", attempt.issue_codes)
        html = self.url_open(res.headers["Location"]).text
        self.assertIn("Your order was not sent", html)
        self.assertIn("minimum order is 20", html)
        self.assertIn("Order at least 20", html, "the hint is shown")

    def test_price_request_goes_to_approval(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 10)
        cart = self._cart()
        line = cart.order_line
        self._post(
            "/shop/cart/dealer_price_request", {"line_id": line.id, "price": "130", "reason": "Competitor quote 128"}
        )
        line.invalidate_recordset()
        # Kept beside the line: the line keeps the dealer's price until approval.
        self.assertEqual(line.price_unit, 150.0)
        self.assertEqual(line.dealer_requested_price, 130.0)
        self.assertTrue(line.dealer_price_nonstandard)
        # The requested price survives a quantity change.
        self._json("/shop/cart/update_json", {"product_id": self.p_drill.id, "line_id": line.id, "set_qty": 12})
        line.invalidate_recordset()
        self.assertEqual(line.dealer_requested_price, 130.0)
        self.assertEqual(line.price_unit, 150.0)
        res = self._post("/shop/dealer/submit", {"submission_key": self._submit_key()})
        self.assertIn(f"/shop/dealer/submitted/{cart.id}", res.headers["Location"])
        cart.invalidate_recordset()
        self.assertNotEqual(cart.state, "sale")
        self.assertTrue(cart.dealer_submitted_at)
        self.assertEqual(cart.dealer_attempt_ids.outcome, "approval")
        html = self.url_open(res.headers["Location"]).text
        self.assertIn("pending approval", html)

    def test_tampered_delivery_address_is_refused(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        cart = self._cart()
        for bad in (self.dealer_b_depot.id, self.retail_partner.id, "abc", 999999999):
            res = self._post("/shop/dealer/submit", {"submission_key": self._submit_key(), "shipping_id": bad})
            self.assertEqual(res.headers["Location"].split("?")[0].rstrip("/").rsplit("/", 1)[-1], "cart")
            cart.invalidate_recordset()
            self.assertEqual(cart.state, "draft")
            self.assertNotEqual(cart.partner_shipping_id, self.dealer_b_depot)
            self.assertIn("not one of your company", self.url_open("/shop/cart").text)
        self.assertFalse(cart.dealer_attempt_ids, "nothing was submitted")

    def test_dealer_cannot_use_payment_checkout(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 1)
        for url in ("/shop/checkout", "/shop/payment", "/shop/confirm_order"):
            res = self.url_open(url, allow_redirects=False)
            self.assertEqual(res.status_code, 303, url)
            self.assertTrue(res.headers["Location"].endswith("/shop/cart"), url)
        self.assertFalse(self._cart()._is_cart_ready())

    def test_price_request_withdrawn(self):
        self._login(self.user_a_desk)
        self._add(self.p_drill, 3)
        line = self._cart().order_line
        self._post("/shop/cart/dealer_price_request", {"line_id": line.id, "price": "99", "reason": "Tender"})
        line.invalidate_recordset()
        self.assertEqual(line.dealer_requested_price, 99.0)
        self.assertEqual(line.price_unit, 150.0)
        self._post("/shop/cart/dealer_price_request", {"line_id": line.id, "cancel": "1"})
        line.invalidate_recordset()
        self.assertEqual(line.price_unit, 150.0)
        self.assertFalse(line.dealer_requested_price)
        self.assertFalse(line.dealer_price_request_reason)
        self.assertFalse(line.dealer_price_nonstandard)
        # Bad prices are refused with a message.
        for bad in ("abc", "-5", "0", "nan", "0.001"):
            self._post("/shop/cart/dealer_price_request", {"line_id": line.id, "price": bad, "reason": "x"})
            line.invalidate_recordset()
            self.assertEqual(line.price_unit, 150.0, bad)
            self.assertFalse(line.dealer_requested_price, bad)
