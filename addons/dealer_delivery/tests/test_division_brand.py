from odoo.tests import tagged

from odoo.addons.dealer_pricing.tests.common_brand import create_brand_division

from .common import DealerDeliveryCommon


@tagged("post_install", "-at_install")
class TestDivisionBrandShipments(DealerDeliveryCommon):
    """The shipment of a division's order speaks with the division's brand:
    the dealer's shipment updates and the delivery slip."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 50)
        cls.division = create_brand_division(cls.env, cls.company)

    def _shipped(self, division):
        order = self._make_order([(self.product_a, 2)])
        order.dealer_division_id = division
        self._confirm(order)
        picking = self._customer_pickings(order)
        self._validate(picking)
        return picking

    def test_shipment_update_has_division_sender_and_brand(self):
        picking = self._shipped(self.division)
        messages = self.env["mail.message"].search(
            [("model", "=", "stock.picking"), ("res_id", "=", picking.id), ("partner_ids", "!=", False)]
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_from, self.division.email_from)
        self.assertIn("has been dispatched", mail.body_html)
        self.assertIn("Northline Filters", mail.body_html)
        self.assertIn(f"/dealer/brand/{self.division.id}/logo", mail.body_html)
        self.assertNotIn("Powered by", mail.body_html)

    def test_delivery_slip_has_division_header(self):
        Report = self.env["ir.actions.report"]
        picking = self._shipped(self.division)
        html = Report._render_qweb_html("stock.action_report_delivery", picking.ids)[0].decode()
        self.assertIn("o_dealer_brand_header", html)
        self.assertIn("Northline Filters", html)
        self.assertIn("data:image/svg+xml;base64,", html)
        plain = Report._render_qweb_html("stock.action_report_delivery", self._shipped(False).ids)[0].decode()
        self.assertNotIn("o_dealer_brand_header", plain)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "stock.action_report_delivery", picking.ids
        )[0]
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf renders the branded delivery slip.")
