import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import JsonRpcException, new_test_user, tagged

from .common import DealerPortalHttpCommon
from .test_storefront_http import StorefrontHttpMixin

# A 1x1 PNG, as the signature pad sends it.
SIGNATURE = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
).decode()


@tagged("post_install", "-at_install")
class TestStorefrontOneDoor(StorefrontHttpMixin, DealerPortalHttpCommon):
    """Issue 10 §1 / F1: every native way to confirm a dealer cart, tried the
    way an attacker sends it, leaves the order unconfirmed; only the
    submission pipeline confirms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="dc_od_salesman", password="dc_od_salesman", groups="sales_team.group_sale_salesman"
        )

    def _rpc(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _assert_unconfirmed(self, order):
        order.invalidate_recordset()
        self.assertIn(order.state, ("draft", "sent"))
        self.assertFalse(order.dealer_submitted_at)
        self.assertFalse(order.picking_ids)

    def test_zero_price_scenario_end_to_end(self):
        """The issue's scenario: 50 × a product, a special price of 0.001,
        then /shop/payment/validate."""
        self._login(self.user_a_desk)
        self._add(self.p_drill, 50)
        cart = self._cart()
        line = cart.order_line
        self.assertEqual(line.price_unit, 150.0)
        self._post("/shop/cart/dealer_price_request", {"line_id": line.id, "price": "0.001", "reason": "x"})
        line.invalidate_recordset()
        self.assertEqual(line.price_unit, 150.0)
        self.assertFalse(line.dealer_requested_price)
        self.assertIn("more than zero", self.url_open("/shop/cart").text)
        # A valid request is kept beside the line: the total does not move.
        self._post("/shop/cart/dealer_price_request", {"line_id": line.id, "price": "1", "reason": "x"})
        line.invalidate_recordset()
        self.assertEqual((line.price_unit, line.dealer_requested_price), (150.0, 1.0))
        self.assertEqual(cart.amount_total, 7500.0)
        self.url_open("/shop/payment/validate", allow_redirects=False)
        self._assert_unconfirmed(cart)
        self.assertFalse(cart.dealer_attempt_ids)
        # Even a cart at 0.00 (as the old request left it) is not confirmed by payment validation.
        cart.order_line.write({"price_unit": 0.0, "technical_price_unit": 150.0})
        self.assertFalse(cart.amount_total)
        with self.assertRaisesRegex(UserError, "use Submit"):
            cart.sudo()._validate_order()
        self._assert_unconfirmed(cart)

    def test_native_confirm_over_jsonrpc_is_refused(self):
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        self._login(self.user_a_desk)
        with self.assertRaises(JsonRpcException):
            self._rpc("sale.order", "action_confirm", [cart.ids])
        self._assert_unconfirmed(cart)
        quotation = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)], user_id=self.salesman.id)
        self.authenticate(self.salesman.login, self.salesman.login)
        with self.assertRaises(JsonRpcException):
            self._rpc("sale.order", "action_confirm", [quotation.ids])
        with self.assertRaises(JsonRpcException):
            self._rpc("sale.order", "write", [quotation.ids, {"dealer_submitted_at": "2026-01-01 00:00:00"}])
        with self.assertRaises(JsonRpcException):
            self._rpc("sale.order", "action_confirm", [quotation.ids], {"context": {"dealer_credit_keep_approvals": 1}})
        # Writing the state itself, or creating the order already confirmed.
        with self.assertRaises(JsonRpcException):
            self._rpc("sale.order", "write", [quotation.ids, {"state": "sale"}])
        with self.assertRaises(JsonRpcException):
            self._rpc(
                "sale.order",
                "create",
                [{"partner_id": self.user_a_desk.partner_id.id, "state": "sale", "user_id": self.salesman.id}],
            )
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.user_a_desk.partner_id.id), ("state", "=", "sale")])
        )
        self._assert_unconfirmed(quotation)
        # The salesperson's way in is Submit: the pipeline.
        self._rpc("sale.order", "action_dealer_submit_backoffice", [quotation.ids])
        quotation.invalidate_recordset()
        self.assertEqual(quotation.state, "sale")
        self.assertEqual(quotation.dealer_attempt_ids.outcome, "confirmed")

    def test_requested_price_written_over_rpc_meets_the_floor(self):
        self.p_drill.standard_price = 90.0
        quotation = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)], user_id=self.salesman.id)
        line = quotation.order_line
        self.authenticate(self.salesman.login, self.salesman.login)
        for price in (0.001, 10.0):
            with self.assertRaises(JsonRpcException):
                self._rpc("sale.order.line", "write", [line.ids, {"dealer_requested_price": price}])
        line.invalidate_recordset()
        self.assertFalse(line.dealer_requested_price)
        # Above the floor, the request is stored and still goes to approval.
        self._rpc("sale.order.line", "write", [line.ids, {"dealer_requested_price": 120.0}])
        line.invalidate_recordset()
        self.assertEqual(line.dealer_requested_price, 120.0)

    def test_payment_transaction_route_does_not_confirm(self):
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        provider = self.env["payment.provider"].search([], limit=1)
        method = self.env["payment.method"].with_context(active_test=False).search([], limit=1)
        self._login(self.user_a_desk)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                f"/my/orders/{cart.id}/transaction",
                {
                    "access_token": cart._portal_ensure_token(),
                    "provider_id": provider.id,
                    "payment_method_id": method.id,
                    "token_id": None,
                    "amount": cart.amount_total,
                    "flow": "redirect",
                    "tokenization_requested": False,
                    "landing_route": cart.get_portal_url(),
                },
            )
        self._assert_unconfirmed(cart)
        self.assertFalse(self.env["payment.transaction"].search([("sale_order_ids", "in", cart.ids)]))
        tx_vals = {
            "provider_id": provider.id,
            "payment_method_id": method.id,
            "amount": cart.amount_total,
            "currency_id": cart.currency_id.id,
            "partner_id": self.dealer_a.id,
            "reference": "DC-ONE-DOOR-1",
            "sale_order_ids": [(6, 0, cart.ids)],
            "state": "done",
        }
        with self.assertRaisesRegex(UserError, "use Submit"), self.env.cr.savepoint():
            self.env["payment.transaction"].create(tx_vals)
        # A transaction linked afterwards, paid in full: its confirmation meets the gate.
        tx = self.env["payment.transaction"].create(dict(tx_vals, sale_order_ids=[]))
        tx.sale_order_ids = cart
        with self.assertRaisesRegex(UserError, "use Submit"):
            tx._check_amount_and_confirm_order()
        self._assert_unconfirmed(cart)

    def _quotation(self):
        """A quotation the back office sends dealer A to sign."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.dealer_a.id,
                "require_signature": True,
                "require_payment": False,
                "order_line": [(0, 0, {"product_id": self.p_drill.id, "product_uom_qty": 2})],
            }
        )
        order.action_quotation_sent()
        return order

    def _accept(self, order):
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order._portal_ensure_token(), "name": "Signer", "signature": SIGNATURE},
        )

    def test_accept_and_sign_is_for_the_order_desk_and_goes_through_the_pipeline(self):
        # With the link's token but signed in as nobody, or as back office.
        order = self._quotation()
        self.authenticate(None, None)
        self.assertIn("error", self._accept(order))
        self.authenticate(self.salesman.login, self.salesman.login)
        self.assertIn("error", self._accept(order))
        order.invalidate_recordset()
        self.assertFalse(order.signature)
        self._assert_unconfirmed(order)
        for user in (self.user_a_ware, self.user_a_fin, self.user_b_desk):
            order = self._quotation()
            self._login(user)
            result = self._accept(order)
            self.assertIn("error", result, user.login)
            order.invalidate_recordset()
            self.assertFalse(order.signature)
            self._assert_unconfirmed(order)
        for user in (self.user_a_desk, self.user_a_admin):
            order = self._quotation()
            self._login(user)
            result = self._accept(order)
            self.assertNotIn("error", result, user.login)
            order.invalidate_recordset()
            self.assertEqual(order.state, "sale", user.login)
            self.assertEqual(order.dealer_submitted_by, user)
            self.assertEqual(order.dealer_attempt_ids.channel, "portal")
            self.assertEqual(order.dealer_attempt_ids.outcome, "confirmed")

    def test_accept_and_sign_of_a_blocked_quotation_confirms_nothing(self):
        order = self._quotation()
        order.order_line.product_id = self.p_secret  # outside dealer A's catalog
        self._login(self.user_a_desk)
        with self.assertRaises(JsonRpcException):
            self._accept(order)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertFalse(order.dealer_submitted_at)

    def test_price_requests_only_from_the_dealers_order_desk_on_priced_lines(self):
        # A portal user of no dealer, on its own cart.
        self._login(self.user_retail)
        self._add(self.p_drill, 2)
        retail_cart = self._cart()
        self.assertTrue(retail_cart.order_line)
        self._post(
            "/shop/cart/dealer_price_request", {"line_id": retail_cart.order_line.id, "price": "1", "reason": "x"}
        )
        retail_cart.invalidate_recordset()
        self.assertFalse(retail_cart.order_line.dealer_requested_price)
        self.assertFalse(retail_cart.order_line.dealer_price_request_reason)
        with self.assertRaises(AccessError):
            retail_cart.with_user(self.user_retail).sudo()._dealer_request_special_price(
                retail_cart.order_line.id, "1", "x"
            )
        # The dealer's warehouse user.
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 2)])
        with self.assertRaises(AccessError):
            cart.with_user(self.user_a_ware).sudo()._dealer_request_special_price(cart.order_line.id, "100", "x")
        # A line not priced by the dealer's pricing (a section or note is no product line).
        cart.order_line = [(0, 0, {"display_type": "line_note", "name": "Deliver to the back door"})]
        note = cart.order_line.filtered("display_type")
        with self.assertRaises(UserError):
            cart.with_user(self.user_a_desk).sudo()._dealer_request_special_price(note.id, "100", "x")
        line = cart.order_line - note
        line.product_id.standard_price = 90.0
        with self.assertRaisesRegex(UserError, "lowest price"):
            cart.with_user(self.user_a_desk).sudo()._dealer_request_special_price(line.id, "89", "x")
        cart.with_user(self.user_a_desk).sudo()._dealer_request_special_price(line.id, "120", "Tender")
        self.assertEqual((line.price_unit, line.dealer_requested_price), (150.0, 120.0))

    def test_approved_request_applies_the_price_and_tells_the_dealer(self):
        approver = new_test_user(self.env, login="dc_od_approver", groups="sales_team.group_sale_manager")
        self.env["dealer.approval.rule"].create(
            {"name": "Special prices", "condition": "nonstandard_price", "user_ids": [(6, 0, approver.ids)]}
        )
        cart = self._dealer_cart(self.user_a_desk, [(self.p_drill, 10)])
        cart_sudo = cart.with_user(self.user_a_desk).sudo()
        cart_sudo._dealer_request_special_price(cart.order_line.id, "130", "Competitor quote 128")
        self.assertEqual(cart_sudo._dealer_portal_submit()["outcome"], "approval")
        self.assertEqual(cart.order_line.price_unit, 150.0, "not before approval")
        cart.with_user(approver).action_dealer_approve()
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.order_line.price_unit, 130.0)
        self.assertEqual(cart.amount_untaxed, 1300.0)
        told = cart.message_ids.filtered(lambda m: "special price request was approved" in (m.body or ""))
        self.assertTrue(told)
        self.assertIn(cart.partner_id, told.partner_ids)
