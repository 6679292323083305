from odoo import http
from odoo.tests import JsonRpcException, tagged

from .common_dispute import DisputeHttpCommon


@tagged("post_install", "-at_install")
class TestPriceDisputeHttp(DisputeHttpCommon):
    """The dispute routes and RPC, tried with another dealer's ids and by a
    role that may not raise; and the dealer's flow in the browser."""

    def _post_raise(self, login, line_kind, line_id, expected="140", reason="Agreed at 140", files=None):
        self.authenticate(login, login)
        return self.url_open(
            "/my/dealer/disputes/raise",
            data={
                "line_kind": line_kind,
                "line_id": line_id,
                "expected_price": expected,
                "reason": reason,
                "return_url": f"/my/invoices/{self.a_invoice.id}",
                "csrf_token": http.Request.csrf_token(self),
            },
            files=files,
            allow_redirects=False,
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_raise_over_http(self):
        res = self._post_raise("dc_a_fin", "invoice", self.a_line.id)
        dispute = self.Dispute.search(self.fixture_disputes)
        self.assertEqual(res.status_code, 303)
        self.assertTrue(res.headers["Location"].endswith(f"/my/dealer/disputes/{dispute.id}"))
        self.assertEqual((dispute.partner_id, dispute.user_id), (self.dealer_a, self.user_a_fin))
        page = self.url_open(f"/my/dealer/disputes/{dispute.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(dispute.name, page.text)
        self.assertIn("Agreed at 140", page.text)
        listing = self.url_open("/my/dealer/disputes")
        self.assertIn(dispute.name, listing.text)
        self.assertIn("/my/dealer/disputes", self.url_open("/my").text, "the home entry")

    def test_invoice_and_order_pages_offer_the_form_to_roles_that_may_raise(self):
        self.company.dealer_order_desk_documents = "all"
        self.authenticate("dc_a_fin", "dc_a_fin")
        page = self.url_open(f"/my/invoices/{self.a_invoice.id}").text
        self.assertIn("o_dealer_dispute_form", page)
        self.assertIn(f'value="{self.a_line.id}"', page)
        page = self.url_open(f"/my/orders/{self.a_order.id}").text
        self.assertIn("o_dealer_dispute_form", page)
        self.authenticate("dc_a_ware", "dc_a_ware")
        self.assertNotIn("o_dealer_dispute_form", self.url_open(f"/my/orders/{self.a_order.id}/track").text)
        self.assertNotIn("/my/dealer/disputes", self.url_open("/my").text)

    def test_bad_input_over_http_is_shown_and_writes_nothing(self):
        res = self._post_raise("dc_a_fin", "invoice", self.a_line.id, expected="-3")
        self.assertEqual(res.status_code, 303)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))
        page = self.url_open(f"/my/invoices/{self.a_invoice.id}").text
        self.assertIn("o_dealer_dispute_error", page)
        self.assertIn("positive number", page)
        for kind, line_id in (("invoice", "abc"), ("product", self.a_line.id), ("order", ""), ("invoice", "-1")):
            self.assertEqual(self._post_raise("dc_a_fin", kind, line_id).status_code, 303)
        cap = self.Dispute._dealer_attachment_max_bytes
        files = {"attachment": ("big.pdf", b"%PDF-1.4\n" + b"0" * cap, "application/pdf")}
        self._post_raise("dc_a_fin", "invoice", self.a_line.id, files=files)
        self.assertIn("too large", self.url_open(f"/my/invoices/{self.a_invoice.id}").text)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))

    def test_another_dealers_line_over_http_is_refused(self):
        self.company.dealer_order_desk_documents = "all"
        for login, kind, line_id in (
            ("dc_b_fin", "invoice", self.a_line.id),
            ("dc_b_admin", "order", self.a_order.order_line.id),
            ("dc_a_ware", "invoice", self.a_line.id),
            ("dc_a_ware", "order", self.a_order.order_line.id),
            ("dc_retail", "invoice", self.a_line.id),
        ):
            res = self._post_raise(login, kind, line_id)
            self.assertEqual(res.status_code, 303, login)
        self.assertFalse(self.Dispute.search_count(self.fixture_disputes))

    def test_another_dealers_dispute_over_http_is_refused(self):
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        dispute.attachment_id = self.env["ir.attachment"].create(
            {"name": "a.pdf", "raw": b"%PDF-1.4\n", "res_model": dispute._name, "res_id": dispute.id}
        )
        token = dispute._portal_ensure_token()
        self.authenticate("dc_b_fin", "dc_b_fin")
        for url in (
            f"/my/dealer/disputes/{dispute.id}",
            f"/my/dealer/disputes/{dispute.id}?access_token={token}",
        ):
            res = self.url_open(url, allow_redirects=False)
            self.assertEqual(res.status_code, 303, url)
            self.assertNotIn(dispute.name, res.text)
        for url in (
            f"/my/dealer/disputes/{dispute.id}/attachment",
            f"/my/dealer/disputes/{dispute.id}/attachment?access_token={token}",
        ):
            self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 404, url)
        self.assertNotIn(dispute.name, self.url_open("/my/dealer/disputes").text)
        self.authenticate("dc_a_ware", "dc_a_ware")
        self.assertEqual(self.url_open(f"/my/dealer/disputes/{dispute.id}", allow_redirects=False).status_code, 303)
        self.assertEqual(self.url_open("/my/dealer/disputes", allow_redirects=False).status_code, 303)
        self.authenticate("dc_a_admin", "dc_a_admin")
        self.assertIn(dispute.name, self.url_open(f"/my/dealer/disputes/{dispute.id}").text, "company-wide")
        self.assertEqual(self.url_open(f"/my/dealer/disputes/{dispute.id}/attachment").content, b"%PDF-1.4\n")

    def test_rpc_with_another_dealers_ids_is_refused(self):
        dispute = self._raise(self.user_a_fin, self.a_line).sudo()
        self.authenticate("dc_b_fin", "dc_b_fin")
        with self.assertRaises(JsonRpcException):
            self._call_kw("dealer.price.dispute", "read", [[dispute.id], ["name", "expected_price"]])
        self.assertEqual(self._call_kw("dealer.price.dispute", "search_read", [[]], {"fields": ["name"]}), [])
        line_b = self.b_line
        attacks = (
            ("_dealer_raise", [self.a_line.id, {"expected_price": 1, "reason": "x"}]),
            ("create", [{"partner_id": self.dealer_b.id, "move_line_id": self.a_line.id, "reason": "x"}]),
            ("write", [[dispute.id], {"state": "accepted"}]),
            ("action_accept", [[dispute.id]]),
            ("action_reject", [[dispute.id]]),
            ("unlink", [[dispute.id]]),
            ("create", [{"partner_id": self.dealer_b.id, "move_line_id": line_b.id, "reason": "x"}]),
        )
        for method, args in attacks:
            with self.assertRaises(JsonRpcException, msg=method):
                self._call_kw("dealer.price.dispute", method, args)
        dispute.invalidate_recordset()
        self.assertEqual(dispute.state, "open")
        self.assertEqual(self.Dispute.search_count(self.fixture_disputes), 1)
        # Its own dealer's user may read it, but not accept it.
        self.authenticate("dc_a_fin", "dc_a_fin")
        self.assertEqual(
            self._call_kw("dealer.price.dispute", "read", [[dispute.id], ["name"]])[0]["name"], dispute.name
        )
        with self.assertRaises(JsonRpcException):
            self._call_kw("dealer.price.dispute", "action_accept", [[dispute.id]])
        self.authenticate("dc_a_ware", "dc_a_ware")
        with self.assertRaises(JsonRpcException, msg="warehouse reads no prices"):
            self._call_kw("dealer.price.dispute", "read", [[dispute.id], ["charged_price"]])

    def test_tour_raise_accept_and_see_the_credit_note(self):
        self.start_tour(f"/my/invoices/{self.a_invoice.id}", "dealer_dispute_raise", login="dc_a_fin")
        dispute = self.Dispute.search(self.fixture_disputes)
        self.assertEqual(len(dispute), 1, "the refused price raised nothing, the second try one dispute")
        self.assertEqual((dispute.expected_price, dispute.state), (140.0, "open"))
        # The back office accepts.
        dispute.with_user(self.user_manager).action_accept()
        self.assertEqual(dispute.credit_move_id.state, "posted")
        self.start_tour("/my/dealer/disputes", "dealer_dispute_credit_note", login="dc_a_fin")
