import uuid

from odoo.tests import JsonRpcException, tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon
from odoo.addons.dealer_portal.tests.test_storefront_http import StorefrontHttpMixin

from .common import DealerRolloutCommon

BANNER = "Ordering on the portal opens on 03/02/2031."


@tagged("post_install", "-at_install")
class TestRolloutHttp(StorefrontHttpMixin, DealerPortalHttpCommon, DealerRolloutCommon):
    """Before its wave opens ordering, a dealer's users see their account,
    documents and catalog, with the date ordering opens; adding to the cart
    and submitting are refused over HTTP and JSON alike, and nothing of the
    roll-out can be written by a dealer over JSON-RPC."""

    def _rpc(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_pages_show_the_date_and_no_ordering(self):
        self._login(self.user_a_desk)
        for url in ("/my", "/my/dealer/orders", "/my/documents"):
            self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 200, url)
        catalog = self.url_open("/my/catalog").text
        self.assertIn(BANNER, catalog)
        self.assertIn("DC Cordless Drill", catalog, "the catalog and its prices are shown")
        self.assertNotIn("o_dealer_add_btn", catalog)
        quick = self.url_open("/my/quick-order").text
        self.assertIn(BANNER, quick)
        self.assertNotIn("o_dealer_sku_form", quick)
        self.assertNotIn("o_dealer_paste_form", quick)
        # A cart started earlier: shown, with no submission form.
        self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        cart_page = self.url_open("/shop/cart").text
        self.assertIn(BANNER, cart_page)
        self.assertNotIn("o_dealer_submit_form", cart_page)
        # Dealer B, in no wave, orders as before.
        self._login(self.user_b_desk)
        catalog = self.url_open("/my/catalog").text
        self.assertNotIn("o_dealer_ordering_closed", catalog)
        self.assertIn("o_dealer_add_btn", catalog)

    def test_add_to_cart_and_submit_are_refused(self):
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        self._login(self.user_a_desk)
        with self.assertRaisesRegex(JsonRpcException, "UserError"), self.assertLogs("odoo.http", "WARNING") as logs:
            self._add(self.p_saw, 1)
        self.assertIn(BANNER, logs.output[0])
        res = self._post("/shop/cart/update", {"product_id": self.p_saw.id, "add_qty": 1})
        self.assertEqual(res.status_code, 303)
        self.assertIn(BANNER, self.url_open("/shop/cart").text)
        res = self._post("/my/quick-order/add", {"sku": "DC-SAW", "qty": "1"})
        self.assertEqual(res.status_code, 303)
        self.assertIn(BANNER, self.url_open("/my/quick-order").text)
        self.assertEqual(cart.order_line.product_id, self.p_drill)
        # A submission posted anyway (a stale form, a script) is blocked by the pipeline.
        res = self._post("/shop/dealer/submit", {"submission_key": uuid.uuid4().hex})
        self.assertEqual(res.status_code, 303)
        self.assertIn("dealer_attempt=", res.headers["Location"])
        cart.invalidate_recordset()
        self.assertFalse(cart.dealer_submitted_at)
        self.assertEqual(cart.state, "draft")
        self.assertEqual(cart.dealer_attempt_ids.outcome, "blocked")
        self.assertIn(BANNER, self.url_open(res.headers["Location"]).text)

    def test_dealer_cannot_write_the_roll_out_over_json_rpc(self):
        self._login(self.user_a_admin)
        for model, method, args in (
            ("dealer.rollout.wave", "write", [self.wave.ids, {"state": "live"}]),
            ("dealer.rollout.wave", "write", [self.wave.ids, {"planned_date": "2020-01-01"}]),
            ("dealer.rollout.wave", "search_read", [[]]),
            ("dealer.rollout.wave", "action_go_live", [self.wave.ids]),
            ("dealer.rollout.wave", "action_override_gate", [self.wave.ids, "we want it"]),
            ("res.partner", "write", [self.dealer_a.ids, {"dealer_live_date": "2020-01-01"}]),
            ("res.partner", "write", [self.dealer_a.ids, {"dealer_rollout_wave_id": False}]),
            ("res.partner", "write", [self.user_a_admin.partner_id.ids, {"dealer_live_date": "2020-01-01"}]),
        ):
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException):
                self._rpc(model, method, args)
        self.wave.invalidate_recordset()
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.wave.state, "planned")
        self.assertEqual(self.wave.planned_date, self.PLANNED)
        self.assertEqual(self.dealer_a.dealer_rollout_wave_id, self.wave)
        self.assertFalse(self.dealer_a.dealer_live_date)

    def test_salesman_cannot_override_over_json_rpc(self):
        self.dealer_untiered.dealer_rollout_wave_id = self.wave
        self.authenticate(self.user_salesman.login, self.user_salesman.login)
        for method, args in (
            ("action_override_gate", [self.wave.ids, "Because", "live"]),
            ("action_go_live", [self.wave.ids]),
            ("write", [self.wave.ids, {"gate_override_reason": "Because"}]),
        ):
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                self._rpc("dealer.rollout.wave", method, args)
        self.wave.invalidate_recordset()
        self.assertEqual(self.wave.state, "planned")
        self.assertFalse(self.wave.gate_override_reason)
        # A sales manager may, with a reason.
        self.authenticate(self.user_manager.login, self.user_manager.login)
        self._rpc("dealer.rollout.wave", "action_override_gate", [self.wave.ids, "Audited by hand", "pilot"])
        self.wave.invalidate_recordset()
        self.assertEqual(self.wave.state, "pilot")
        self.assertEqual(self.wave.gate_override_user_id, self.user_manager)

    def test_tour_dealer_of_a_planned_wave_sees_when_ordering_opens(self):
        self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        self.start_tour("/my/catalog", "rollout_ordering_closed", login="dc_a_desk")
