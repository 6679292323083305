from datetime import timedelta

from odoo.tests import tagged
from odoo.tools import format_amount

from .common_selfservice import DealerPortalSelfServiceCommon, DealerPortalSelfServiceHttpCommon

_LEDGER = """
    SELECT COALESCE(SUM(aml.balance), 0)
      FROM account_move_line aml
      JOIN account_account acc ON acc.id = aml.account_id
      JOIN res_partner p ON p.id = aml.partner_id
     WHERE acc.account_type = 'asset_receivable'
       AND aml.parent_state = 'posted'
       AND p.commercial_partner_id = %s
       AND aml.company_id = %s
"""
LEDGER_BEFORE = _LEDGER + "   AND aml.date < %s"
LEDGER_UP_TO = _LEDGER + "   AND aml.date <= %s"


def _money(value):
    """How the monetary widget prints an amount in the test company's USD."""
    return f'<span class="oe_currency_value">{value:,.2f}</span>'


class TestSelfServiceStatement(DealerPortalSelfServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.date_from = cls.today - timedelta(days=30)
        cls.date_to = cls.today

    def _ledger(self, partner, domain):
        """Receivable ledger balance, straight from the journal items:
        ``domain`` is ("<", date) or ("<=", date)."""
        self.env.flush_all()
        query = LEDGER_BEFORE if domain[0] == "<" else LEDGER_UP_TO
        self.env.cr.execute(query, (partner.id, self.company.id, domain[1]))
        return self.env.cr.fetchone()[0]

    def test_statement_totals_reconcile_with_receivable_ledger(self):
        st = self.dealer_a._dealer_statement_values(self.date_from, self.date_to)
        self.assertAlmostEqual(st["opening"], self._ledger(self.dealer_a, ("<", self.date_from)))
        self.assertAlmostEqual(st["closing"], self._ledger(self.dealer_a, ("<=", self.date_to)))
        self.assertAlmostEqual(st["opening"], self.a_old_invoice.amount_total)
        self.assertAlmostEqual(st["totals"]["invoice"], self.a_invoice.amount_total)
        self.assertAlmostEqual(st["totals"]["credit_note"], -self.a_refund.amount_total)
        self.assertAlmostEqual(st["totals"]["payment"], -self.a_payment_amount)
        self.assertAlmostEqual(st["opening"] + sum(st["totals"].values()), st["closing"])
        # The running balance of the last line is the closing balance.
        self.assertAlmostEqual(st["lines"][-1]["balance"], st["closing"])
        kinds = [line["kind"] for line in st["lines"]]
        self.assertEqual(sorted(kinds), ["credit_note", "invoice", "payment"])
        # Nothing of dealer B leaks into A's statement.
        names = {line["name"] for line in st["lines"]}
        self.assertNotIn(self.b_invoice.name, names)

    def test_statement_empty_period_keeps_balance(self):
        st = self.dealer_a._dealer_statement_values(self.today + timedelta(days=1), self.today + timedelta(days=2))
        self.assertFalse(st["lines"])
        self.assertAlmostEqual(st["opening"], st["closing"])
        self.assertAlmostEqual(st["closing"], self._ledger(self.dealer_a, ("<=", self.today)))

    def test_statement_pdf_renders_with_wkhtmltopdf(self):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, fmt = report._render_qweb_pdf(
            "dealer_credit.action_report_dealer_statement",
            self.dealer_a.ids,
            data={"date_from": str(self.date_from), "date_to": str(self.date_to)},
        )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "dealer_credit.action_report_dealer_statement",
                self.dealer_a.ids,
                data={"date_from": str(self.date_from), "date_to": str(self.date_to)},
            )[0]
            .decode()
        )
        self.assertIn(self.a_invoice.name, html)
        self.assertIn(self.a_refund.name, html)
        self.assertIn("Opening balance", html)

    def test_portal_document_pdfs_render_with_wkhtmltopdf(self):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _fmt = report._render_qweb_pdf("stock.action_report_delivery", self.a_picking.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        pdf, _fmt = report._render_qweb_pdf("account.account_invoices", self.a_invoice.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestSelfServiceAccountPage(DealerPortalSelfServiceHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_a.credit_limit = 5000.0

    def test_account_page_shows_credit_payments_and_pricing(self):
        res = self._get("/my/dealer/account", "dc_a_fin")
        self.assertEqual(res.status_code, 200)
        position = self.dealer_a._dealer_credit_position()
        self.assertEqual(position["limit"], 5000.0)
        for key in ("limit", "available", "exposure", "exposure_receivable"):
            self.assertIn(_money(position[key]), res.text, key)
        self.assertIn("o_dealer_ageing_90_plus", res.text)
        # 1,590 of 5,000 used: 31.8%, as dealer_credit computes it.
        self.assertIn(f"{position['utilisation']}% of the limit used", res.text)
        self.assertLess(position["utilisation"], 100)
        # Payment history with the invoice it settled.
        self.assertIn("o_dealer_payments", res.text)
        self.assertIn(self.a_invoice.name, res.text)
        # The Gold tier's scheme and its end date.
        self.assertIn("DC Saw Spring Deal", res.text)
        self.assertIn("o_dealer_scheme", res.text)

    def test_account_page_shows_hold_reason(self):
        res = self._get("/my/dealer/account", "dc_a_admin")
        self.assertNotIn("o_dealer_hold", res.text)
        self.dealer_a.write({"dealer_credit_hold": True, "dealer_credit_hold_reason": "Cheque returned unpaid"})
        self.assertTrue(self.dealer_a._dealer_credit_position()["on_hold"])
        res = self._get("/my/dealer/account", "dc_a_admin")
        self.assertIn("o_dealer_hold", res.text)
        self.assertIn("Cheque returned unpaid", res.text)

    def test_account_page_only_for_finance_and_admin(self):
        for login in ("dc_a_desk", "dc_a_ware"):
            self.assertEqual(self._get("/my/dealer/account", login).status_code, 303, login)
            self.assertEqual(self._get("/my/dealer/account/statement", login).status_code, 303, login)
        for login in ("dc_a_fin", "dc_a_admin"):
            self.assertEqual(self._get("/my/dealer/account", login).status_code, 200, login)

    def test_statement_route_renders_own_dealer_only(self):
        res = self._get(
            f"/my/dealer/account/statement?date_from={self.today - timedelta(days=90)}&date_to={self.today}"
            f"&partner_id={self.dealer_b.id}",
            "dc_a_fin",
        )
        self.assertEqual(res.status_code, 200)
        # Test mode renders the report as HTML unless forced (PDF proven above).
        self.assertIn(f">{self.a_invoice.name}<", res.text)
        self.assertNotIn(f">{self.b_invoice.name}<", res.text)
        self.assertNotIn(self.dealer_b.name, res.text)
        # Garbage dates fall back to the year to date instead of failing.
        self.assertEqual(self._get("/my/dealer/account/statement?date_from=xx&date_to=yy", "dc_a_fin").status_code, 200)

    def test_home_tiles_counts_by_role(self):
        self.authenticate("dc_a_fin", "dc_a_fin")
        keys = [
            "dealer_to_approve_count",
            "dealer_in_transit_count",
            "dealer_open_invoice_count",
            "dealer_available_credit",
        ]
        fin = self.make_jsonrpc_request("/my/counters", {"counters": keys})
        self.assertEqual(fin["dealer_open_invoice_count"], 2)
        position = self.dealer_a._dealer_credit_position()
        self.assertEqual(fin["dealer_available_credit"], format_amount(self.env, position["available"], self.currency))
        self.authenticate("dc_a_ware", "dc_a_ware")
        ware = self.make_jsonrpc_request("/my/counters", {"counters": keys})
        self.assertEqual(ware["dealer_open_invoice_count"], 0)
        self.assertEqual(ware["dealer_available_credit"], 0)
        home = self.url_open("/my").text
        self.assertNotIn("o_dealer_tile_available_credit", home)
        self.assertIn("/my/dealer/orders", home)
        self.authenticate("dc_a_fin", "dc_a_fin")
        home = self.url_open("/my").text
        self.assertIn("o_dealer_tile_available_credit", home)
        self.assertIn("/my/dealer/account", home)
