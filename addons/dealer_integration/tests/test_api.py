import uuid

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_api import DealerApiHttpCommon


@tagged("post_install", "-at_install")
class TestDealerApi(DealerApiHttpCommon):
    """The dealer API: API keys of dealer portal users, the portal's roles
    and record rules, the same order pipeline, a rate limit per key."""

    # ------------------------------------------------------------------
    # Keys
    # ------------------------------------------------------------------
    def test_no_key_or_a_wrong_key_is_401(self):
        for key in (None, "0" * 40, "not a key"):
            with self.subTest(key=key):
                response = self._api("GET", "/catalog", key=key)
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["error"], "unauthorized")
                self.assertIn("Bearer", response.headers["WWW-Authenticate"])

    def test_a_session_cookie_is_not_a_key(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        self.assertEqual(self._api("GET", "/catalog").status_code, 401)

    def test_keys_only_while_the_company_allows_it(self):
        self.dealer_a.dealer_api_enabled = False
        response = self._api("GET", "/catalog", login="dc_a_desk")
        self.assertEqual(response.status_code, 403)
        self.dealer_a.dealer_api_enabled = True
        self.env["ir.config_parameter"].set_param("portal.allow_api_keys", False)
        self.assertEqual(self._api("GET", "/catalog", login="dc_a_desk").status_code, 403)

    def test_key_creation_follows_the_company_setting(self):
        Description = self.env["res.users.apikeys.description"]
        self.assertIsNone(Description.with_user(self.user_a_desk).check_access_make_key())
        self.dealer_a.dealer_api_enabled = False
        with self.assertRaisesRegex(AccessError, "does not use the dealer API"):
            Description.with_user(self.user_a_desk).check_access_make_key()

    def test_rate_limit_answers_429_with_retry_after(self):
        self.env["ir.config_parameter"].set_param("dealer_integration.api_rate_limit", 2)
        for __ in range(2):
            self.assertEqual(self._api("GET", "/orders", login="dc_a_desk").status_code, 200)
        response = self._api("GET", "/orders", login="dc_a_desk")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"], "rate_limited")
        self.assertTrue(1 <= int(response.headers["Retry-After"]) <= 60)
        # Per key: another key of the same dealer is not slowed down.
        self.assertEqual(self._api("GET", "/orders", login="dc_a_fin").status_code, 200)

    # ------------------------------------------------------------------
    # Catalog and availability
    # ------------------------------------------------------------------
    def test_catalog_has_the_dealers_prices_a_page_at_a_time(self):
        response = self._api("GET", "/catalog?limit=2", login="dc_a_desk")
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(len(body["items"]), 2)
        self.assertEqual(body["total"], 5)  # Gold: drill, saw, bolt, gear, exclusive kit
        everything = self._api("GET", "/catalog?limit=100", login="dc_a_desk").json()["items"]
        prices = {i["sku"]: i["price"] for i in everything}
        self.assertEqual(prices["DC-DRILL"], 150.0)
        self.assertEqual(prices["DC-SAW"], 199.0)  # the running scheme
        self.assertNotIn("DC-SECRET", prices)
        silver = self._api("GET", "/catalog?limit=100", login="dc_b_desk").json()["items"]
        self.assertEqual({i["sku"]: i["price"] for i in silver}, {"DC-DRILL": 180.0, "DC-SAW": 270.0})

    def test_warehouse_sees_no_prices(self):
        items = self._api("GET", "/catalog?limit=100", login="dc_a_ware").json()["items"]
        self.assertTrue(items)
        self.assertFalse([i for i in items if "price" in i])
        order = self._api("GET", f"/orders/{self.a_order.id}", login="dc_a_ware").json()
        self.assertNotIn("amount_total", order)
        self.assertFalse([line for line in order["lines"] if "price_unit" in line])
        self.assertTrue(order["tracking"]["shipments"])

    def test_availability_of_the_dealers_catalog_only(self):
        response = self._api("GET", "/availability?skus=DC-DRILL,DC-GEAR,DC-SECRET,NOPE", login="dc_a_desk")
        body = response.json()
        self.assertEqual({i["sku"]: i["indicator"] for i in body["items"]}, {"DC-DRILL": "in_stock", "DC-GEAR": "out"})
        self.assertEqual(body["unknown"], ["DC-SECRET", "NOPE"])
        self.assertEqual(self._api("GET", "/availability", login="dc_a_desk").status_code, 400)

    def test_bad_paging_is_400(self):
        for query in ("?limit=0", "?limit=1000", "?page=x"):
            with self.subTest(query=query):
                self.assertEqual(self._api("GET", "/catalog" + query, login="dc_a_desk").status_code, 400)

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    def _submit(self, login="dc_a_desk", body=None, key=None):
        headers = {"Idempotency-Key": key} if key else {}
        body = body if body is not None else {"lines": [{"sku": "DC-DRILL", "qty": 2}], "po_reference": "ERP-1"}
        return self._api("POST", "/orders", login=login, body=body, headers=headers)

    def test_submit_goes_through_the_pipeline_on_the_api_channel(self):
        response = self._submit(key=str(uuid.uuid4()))
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        order = self.env["sale.order"].browse(body["id"])
        self.assertEqual((order.state, order.dealer_channel, order.client_order_ref), ("sale", "api", "ERP-1"))
        self.assertEqual(order.dealer_submitted_by, self.user_a_desk)
        self.assertEqual(order.dealer_attempt_ids.channel, "api")
        self.assertEqual(order.order_line.price_unit, 150.0)
        self.assertEqual((body["outcome"], body["amount_untaxed"]), ("confirmed", 300.0))

    def test_the_same_idempotency_key_orders_once(self):
        key = str(uuid.uuid4())
        first = self._submit(key=key).json()
        second = self._submit(key=key)
        self.assertEqual(second.status_code, 200)
        self.assertEqual((second.json()["id"], second.json()["replayed"]), (first["id"], True))
        self.assertEqual(self.env["sale.order"].search_count([("client_order_ref", "=", "ERP-1")]), 1)
        # The same key from another dealer is that dealer's own key.
        other = self._submit(login="dc_b_desk", key=key)
        self.assertEqual(other.status_code, 201, other.text)
        self.assertNotEqual(other.json()["id"], first["id"])

    def test_blocking_issues_and_bad_lines_are_422(self):
        response = self._submit(body={"lines": [{"sku": "DC-BOLT", "qty": 5}]})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["outcome"], "blocked")
        self.assertTrue(response.json()["issues"])
        response = self._submit(body={"lines": [{"sku": "DC-DRILL", "qty": 1}, {"sku": "DC-SECRET", "qty": 1}]})
        self.assertEqual(response.status_code, 422)
        self.assertEqual([line["line"] for line in response.json()["lines"]], [2])

    def test_only_the_order_desk_submits(self):
        for login in ("dc_a_ware", "dc_a_fin"):
            with self.subTest(login=login):
                response = self._submit(login=login)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "ERP-1")]))

    def test_bad_json_and_bad_bodies_are_400(self):
        for data in (b"{not json", b"\xff\xfe", b"[1, 2]", b'{"lines": "DC-DRILL"}', b'{"lines": [{"sku": 5}]}'):
            with self.subTest(data=data):
                response = self._api(
                    "POST", "/orders", login="dc_a_desk", data=data, headers={"Content-Type": "application/json"}
                )
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn(response.json()["error"], ("bad_json", "bad_request"))
        response = self._submit(key="bad key with spaces")
        self.assertEqual(response.status_code, 400)

    def test_huge_payload_is_413(self):
        lines = [{"sku": "DC-DRILL", "qty": 1}] * 60000
        response = self._submit(body={"lines": lines})
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json()["error"], "payload_too_large")

    def test_another_dealers_shipping_address_is_refused(self):
        body = {"lines": [{"sku": "DC-DRILL", "qty": 1}], "shipping_address_id": self.dealer_b_depot.id}
        response = self._submit(body=body)
        self.assertEqual(response.status_code, 422)
        body["shipping_address_id"] = self.dealer_a_depot.id
        response = self._submit(body=body)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.env["sale.order"].browse(response.json()["id"]).partner_shipping_id, self.dealer_a_depot)

    def test_orders_and_status_are_the_dealers_own(self):
        orders = self._api("GET", "/orders", login="dc_a_desk").json()["items"]
        ids = {o["id"] for o in orders}
        self.assertIn(self.a_order.id, ids)
        self.assertNotIn(self.b_order.id, ids)
        order = self._api("GET", f"/orders/{self.a_order.id}", login="dc_a_desk").json()
        self.assertEqual((order["name"], order["po_reference"]), (self.a_order.name, "PO-ALPHA-100"))
        self.assertEqual(order["tracking"]["shipments"][0]["name"], self.a_picking.name)
        response = self._api("GET", f"/orders/{self.b_order.id}", login="dc_a_desk")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._api("GET", f"/orders/{self.a_order.id}", login="dc_b_desk").status_code, 404)

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def test_documents_follow_the_roles(self):
        invoices = self._api("GET", "/documents/invoice", login="dc_a_fin").json()["items"]
        self.assertIn(self.a_invoice.id, {d["id"] for d in invoices})
        self.assertNotIn(self.b_invoice.id, {d["id"] for d in invoices})
        refunds = self._api("GET", "/documents/credit_note", login="dc_a_fin").json()["items"]
        self.assertEqual([d["id"] for d in refunds], self.a_refund.ids)
        deliveries = self._api("GET", "/documents/delivery", login="dc_a_ware").json()["items"]
        self.assertEqual([d["id"] for d in deliveries], self.a_picking.ids)
        self.assertEqual(self._api("GET", "/documents/invoice", login="dc_a_ware").status_code, 403)
        self.assertEqual(self._api("GET", "/documents/delivery", login="dc_a_fin").status_code, 403)
        self.assertEqual(self._api("GET", "/documents/invoice", login="dc_a_desk").status_code, 403)
        self.assertEqual(self._api("GET", "/documents/payslip", login="dc_a_fin").status_code, 404)
        # The dealer's administrator holds every role.
        for doc_type in ("invoice", "credit_note", "delivery"):
            with self.subTest(doc_type=doc_type):
                self.assertEqual(self._api("GET", f"/documents/{doc_type}", login="dc_a_admin").status_code, 200)

    def test_document_pdfs_of_the_dealers_own_documents_only(self):
        response = self._api("GET", f"/documents/invoice/{self.a_invoice.id}/pdf", login="dc_a_fin")
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content)
        response = self._api("GET", f"/documents/delivery/{self.a_picking.id}/pdf", login="dc_a_ware")
        self.assertEqual(response.status_code, 200)
        for path, login in (
            (f"/documents/invoice/{self.b_invoice.id}/pdf", "dc_a_fin"),
            (f"/documents/delivery/{self.b_picking.id}/pdf", "dc_a_ware"),
            (f"/documents/credit_note/{self.a_invoice.id}/pdf", "dc_a_fin"),  # an invoice is no credit note
            (f"/documents/invoice/{self.a_invoice.id}/pdf", "dc_b_desk"),
        ):
            with self.subTest(path=path, login=login):
                self.assertIn(self._api("GET", path, login=login).status_code, (403, 404))
        self.assertEqual(
            self._api("GET", f"/documents/invoice/{self.a_invoice.id}/pdf", login="dc_a_ware").status_code, 403
        )

    @mute_logger("odoo.addons.dealer_integration.controllers.api")
    def test_unknown_routes_and_methods(self):
        self.assertEqual(self._api("DELETE", f"/orders/{self.a_order.id}", login="dc_a_desk").status_code, 405)
