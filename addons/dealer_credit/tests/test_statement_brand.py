from odoo.tests import tagged

from odoo.addons.dealer_pricing.tests.common_brand import create_brand_division

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestStatementBrand(DealerCreditCommon):
    """The statement of account carries the header of the division the
    caller asks for (the portal: its website's division), else the
    company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls, 300.0, due_days=-10)
        cls.division = create_brand_division(cls.env, cls.company)

    def _render(self, **data):
        Report = self.env["ir.actions.report"]
        return Report._render_qweb_html("dealer_credit.action_report_dealer_statement", self.dealer.ids, data=data)[
            0
        ].decode()

    def test_statement_of_a_division_has_its_header(self):
        html = self._render(dealer_division_id=self.division.id)
        self.assertIn("o_dealer_brand_header", html)
        self.assertIn("Northline Filters", html)
        self.assertIn("data:image/svg+xml;base64,", html)
        self.assertIn(self.invoice.name, html)
        pdf = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "dealer_credit.action_report_dealer_statement",
                self.dealer.ids,
                data={"dealer_division_id": self.division.id},
            )[0]
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf renders the branded statement.")

    def test_statement_without_division_is_the_companys(self):
        for data in ({}, {"dealer_division_id": 0}, {"dealer_division_id": self.division.id + 100000}):
            html = self._render(**data)
            self.assertNotIn("o_dealer_brand_header", html)
            self.assertIn(self.invoice.name, html)
