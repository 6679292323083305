from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerCommon
from .common_brand import create_brand_division


@tagged("post_install", "-at_install")
class TestDivisionBrandDocuments(DealerCommon):
    """An order of a division speaks with the division's brand: its emails
    (sender, logo, name, colour, footer) and its PDF header. Without a
    division, the company's documents as in Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.division = create_brand_division(cls.env, cls.company)
        cls.env["dealer.terms"].create(
            {"partner_id": cls.dealer_gold.id, "division_id": cls.division.id, "tier_id": cls.tier_gold.id}
        )
        cls.contact_gold.email = "gina.gold@dealer.example.com"
        cls.user_manager.email = "mia.manager@manufacturer.example.com"
        cls.order = cls._create_order(cls.dealer_gold, [(cls.pad, 2)], dealer_division_id=cls.division.id)
        cls.order_plain = cls._create_order(cls.dealer_gold, [(cls.pad, 2)], dealer_division_id=False)

    def _post(self, order, **kw):
        message = order.with_user(self.user_manager).message_post(
            body="Your order ships tomorrow.",
            partner_ids=self.contact_gold.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            **kw,
        )
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1)
        return mail

    def _assert_branded(self, body):
        self.assertIn("Northline Filters", body)
        self.assertIn(f"/dealer/brand/{self.division.id}/logo", body)
        self.assertIn("#0a7d5a", body)
        self.assertIn("a brand of the test manufacturer", body)
        self.assertNotIn("Powered by", body)

    def test_order_email_has_division_sender_and_brand(self):
        mail = self._post(self.order)
        self.assertEqual(mail.email_from, self.division.email_from)
        self._assert_branded(mail.body_html)

    def test_light_layout_email_has_division_brand(self):
        mail = self._post(self.order, email_layout_xmlid="mail.mail_notification_light")
        self.assertEqual(mail.email_from, self.division.email_from)
        self._assert_branded(mail.body_html)

    def test_order_without_division_keeps_company_email(self):
        mail = self._post(self.order_plain)
        self.assertEqual(mail.email_from, self.user_manager.partner_id.email_formatted)
        self.assertNotIn("Northline Filters", mail.body_html)
        self.assertNotIn("o_dealer_brand", mail.body_html)

    def test_dealer_message_keeps_dealer_address(self):
        """A dealer's own message is never sent in the division's name."""
        dealer_author = self.user_gold.partner_id
        dealer_author.email = "gold.portal@dealer.example.com"
        _author, email_from = self.order._message_compute_author(dealer_author.id, dealer_author.email_formatted)
        self.assertEqual(email_from, dealer_author.email_formatted)
        _author, email_from = self.order._message_compute_author(self.env.ref("base.partner_root").id)
        self.assertEqual(email_from, self.division.email_from)

    def test_order_pdf_has_division_header(self):
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html("sale.action_report_saleorder", self.order.ids)[0].decode()
        self.assertIn("o_dealer_brand_header", html)
        self.assertIn("Northline Filters", html)
        self.assertIn("data:image/svg+xml;base64," + self.division.logo.decode()[:40], html)
        self.assertIn("#0a7d5a", html)
        plain = Report._render_qweb_html("sale.action_report_saleorder", self.order_plain.ids)[0].decode()
        self.assertNotIn("o_dealer_brand_header", plain)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "sale.action_report_saleorder", self.order.ids
        )[0]
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf renders the branded order.")

    def test_brand_colours_must_be_hex(self):
        with self.assertRaises(ValidationError):
            self.division.color_primary = "red"
