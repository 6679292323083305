from odoo.tests import tagged

from .common_selfservice import DealerPortalSelfServiceHttpCommon


@tagged("post_install", "-at_install")
class TestSelfServiceDocuments(DealerPortalSelfServiceHttpCommon):
    def test_finance_sees_invoices_with_payment_state_and_order_link(self):
        res = self._get("/my/documents?doc_type=invoice", "dc_a_fin")
        self.assertEqual(res.status_code, 200)
        self.assertIn(self.a_invoice.name, res.text)
        self.assertIn(self.a_old_invoice.name, res.text)
        self.assertIn(self.a_order.name, res.text, "the invoice links to its order")
        self.assertIn("o_dealer_payment_state", res.text)
        self.assertIn("Partially Paid", res.text)
        self.assertNotIn(self.b_invoice.name, res.text)
        self.assertNotIn('data-doc-type="delivery"', res.text, "finance has no delivery-note tab")
        res = self._get("/my/documents?doc_type=credit_note", "dc_a_fin")
        self.assertIn(self.a_refund.name, res.text)
        self.assertNotIn(self.a_invoice.name, res.text)

    def test_document_date_filter(self):
        res = self._get(f"/my/documents?doc_type=invoice&date_from={self.a_invoice.invoice_date}", "dc_a_fin")
        self.assertIn(self.a_invoice.name, res.text)
        self.assertNotIn(self.a_old_invoice.name, res.text)
        res = self._get("/my/documents?doc_type=invoice&date_from=garbage", "dc_a_fin")
        self.assertEqual(res.status_code, 200)
        self.assertIn(self.a_old_invoice.name, res.text)

    def test_warehouse_sees_delivery_notes_of_other_contacts(self):
        # The picking's partner is the order-desk clerk: the native rule
        # (exact contact) would hide it from the warehouse user.
        self.assertNotEqual(self.a_picking.partner_id, self.user_a_ware.partner_id)
        self.a_picking.message_unsubscribe(partner_ids=self.a_picking.message_partner_ids.ids)
        res = self._get("/my/documents", "dc_a_ware")
        self.assertEqual(res.status_code, 200)
        self.assertIn(self.a_picking.name, res.text)
        self.assertNotIn(self.b_picking.name, res.text)
        self.assertNotIn(self.a_invoice.name, res.text)
        res = self._get(f"/my/picking/pdf/{self.a_picking.id}", "dc_a_ware")
        self.assertEqual(res.status_code, 200)
        res = self._get(f"/my/picking/pdf/{self.b_picking.id}", "dc_a_ware")
        self.assertEqual(res.status_code, 404)

    def test_roles_gate_invoices_and_delivery_notes(self):
        # Warehouse: no invoices, not even through the native pages.
        self.assertEqual(self._get("/my/invoices", "dc_a_ware").status_code, 303)
        self.assertEqual(self._get(f"/my/invoices/{self.a_invoice.id}", "dc_a_ware").status_code, 303)
        self.assertEqual(
            self._get(f"/my/invoices/{self.a_invoice.id}?report_type=pdf&download=true", "dc_a_ware").status_code, 303
        )
        # Finance: invoices, but no delivery notes.
        self.assertEqual(self._get(f"/my/picking/pdf/{self.a_picking.id}", "dc_a_fin").status_code, 404)
        res = self._get(f"/my/invoices/{self.a_invoice.id}?report_type=pdf&download=true", "dc_a_fin")
        self.assertEqual(res.status_code, 200)
        # Admin: both.
        res = self._get("/my/documents?doc_type=delivery", "dc_a_admin")
        self.assertIn(self.a_picking.name, res.text)
        self.assertIn('data-doc-type="invoice"', res.text)

    def test_order_desk_documents_follow_company_setting(self):
        self.company.dealer_order_desk_documents = "delivery"
        res = self._get("/my/documents", "dc_a_desk")
        self.assertIn(self.a_picking.name, res.text)
        self.assertEqual(self._get("/my/invoices", "dc_a_desk").status_code, 303)
        self.company.dealer_order_desk_documents = "invoice"
        res = self._get("/my/documents", "dc_a_desk")
        self.assertIn(self.a_invoice.name, res.text)
        self.assertNotIn('data-doc-type="delivery"', res.text)
        self.assertEqual(self._get(f"/my/picking/pdf/{self.a_picking.id}", "dc_a_desk").status_code, 404)
        self.company.dealer_order_desk_documents = "none"
        self.assertEqual(self._get("/my/documents", "dc_a_desk").status_code, 303)
