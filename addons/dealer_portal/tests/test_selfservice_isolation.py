import re

from odoo.tests import tagged

from .common_selfservice import DealerPortalSelfServiceHttpCommon

ROLES = ("desk", "ware", "fin", "admin")


@tagged("post_install", "-at_install")
class TestSelfServiceIsolation(DealerPortalSelfServiceHttpCommon):
    """Every self-service page, PDF and export, called by each role of dealer
    A with dealer B's ids, access tokens and document ids."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dealer_order_desk_documents = "all"
        cls.b_token = cls.b_order._portal_ensure_token()
        cls.b_invoice_token = cls.b_invoice._portal_ensure_token()

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _assert_refused(self, res, url):
        self.assertIn(res.status_code, (303, 403, 404), url)
        if res.status_code == 303:
            self.assertNotIn(
                str(self.b_order.id), res.headers.get("Location", "").split("?")[0].rsplit("/", 1)[-1], url
            )
        self.assertNotIn(self.b_order.name, res.text, url)
        self.assertNotIn("PO-BETA-100", res.text, url)

    def test_other_dealer_documents_refused_for_every_role(self):
        o, inv, pick = self.b_order, self.b_invoice, self.b_picking
        urls = [
            f"/my/orders/{o.id}",
            f"/my/orders/{o.id}?access_token={self.b_token}",
            f"/my/orders/{o.id}?report_type=pdf&access_token={self.b_token}",
            f"/my/orders/{o.id}/track",
            f"/my/orders/{o.id}/track?access_token={self.b_token}",
            f"/my/invoices/{inv.id}",
            f"/my/invoices/{inv.id}?access_token={self.b_invoice_token}",
            f"/my/invoices/{inv.id}?report_type=pdf&download=true&access_token={self.b_invoice_token}",
            f"/my/picking/pdf/{pick.id}",
            f"/my/picking/pdf/{pick.id}?access_token={self.b_token}",
        ]
        for role in ROLES:
            login = f"dc_a_{role}"
            self.authenticate(login, login)
            for url in urls:
                with self.subTest(role=role, url=url):
                    self._assert_refused(self._get(url), url)

    def test_lists_and_exports_never_show_other_dealer(self):
        urls = [
            "/my/dealer/orders",
            "/my/dealer/orders?search=PO-BETA-100",
            f"/my/dealer/orders?search={self.b_order.name}&search_in=number",
            "/my/dealer/orders?search=DC-SAW&search_in=product",
            "/my/dealer/orders/export",
            "/my/dealer/orders/export?search=PO-BETA",
            "/my/documents?doc_type=invoice",
            "/my/documents?doc_type=delivery",
            "/my/documents?doc_type=credit_note",
            f"/my/dealer/account?partner_id={self.dealer_b.id}",
            f"/my/dealer/account/statement?partner_id={self.dealer_b.id}",
        ]
        for role in ROLES:
            login = f"dc_a_{role}"
            self.authenticate(login, login)
            for url in urls:
                with self.subTest(role=role, url=url):
                    text = self._get(url).text
                    if "export" not in url:
                        # Search terms are echoed in the search box: look
                        # for the rendered cells, not the raw strings.
                        text = re.sub(r'(search=|value=")[^&"\s]*', "", text)
                    self.assertNotIn(self.b_order.name, text)
                    self.assertNotIn(f">{self.b_invoice.name}<", text)
                    self.assertNotIn(self.b_picking.name, text)
                    self.assertNotIn(self.dealer_b.name, text)
                    self.assertNotIn(f'data-order-id="{self.b_order.id}"', text)

    def test_own_documents_reachable_by_token_of_own_dealer(self):
        # The same token mechanism still works inside the dealer.
        token = self.a_order._portal_ensure_token()
        self.authenticate("dc_a_fin", "dc_a_fin")
        res = self._get(f"/my/orders/{self.a_order.id}?access_token={token}")
        self.assertEqual(res.status_code, 200)

    def test_each_page_as_each_role(self):
        expected = {
            # page: {role: status}
            "/my/dealer/orders": {"desk": 200, "ware": 200, "fin": 200, "admin": 200},
            "/my/dealer/orders/export": {"desk": 200, "ware": 200, "fin": 200, "admin": 200},
            f"/my/orders/{self.a_order.id}/track": {"desk": 200, "ware": 200, "fin": 200, "admin": 200},
            f"/my/orders/{self.a_order.id}": {"desk": 200, "ware": 303, "fin": 200, "admin": 200},
            "/my/documents?doc_type=invoice": {"desk": 200, "ware": 200, "fin": 200, "admin": 200},
            "/my/invoices": {"desk": 200, "ware": 303, "fin": 200, "admin": 200},
            f"/my/invoices/{self.a_invoice.id}": {"desk": 200, "ware": 303, "fin": 200, "admin": 200},
            f"/my/picking/pdf/{self.a_picking.id}": {"desk": 200, "ware": 200, "fin": 404, "admin": 200},
            "/my/dealer/account": {"desk": 303, "ware": 303, "fin": 200, "admin": 200},
            "/my/dealer/account/statement": {"desk": 303, "ware": 303, "fin": 200, "admin": 200},
        }
        for role in ROLES:
            login = f"dc_a_{role}"
            self.authenticate(login, login)
            for url, by_role in expected.items():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self._get(url).status_code, by_role[role])
        # The documents page shows each role its own tabs.
        tabs = {
            "ware": ["delivery"],
            "fin": ["invoice", "credit_note"],
            "admin": ["invoice", "credit_note", "delivery"],
        }
        for role, doc_types in tabs.items():
            self.authenticate(f"dc_a_{role}", f"dc_a_{role}")
            text = self._get("/my/documents").text
            for doc_type in ("invoice", "credit_note", "delivery"):
                with self.subTest(role=role, doc_type=doc_type):
                    self.assertEqual(f'data-doc-type="{doc_type}"' in text, doc_type in doc_types)
