from datetime import timedelta

from odoo.tests import tagged

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestStatement(DealerCreditCommon):
    """The statement of account (``res.partner._dealer_statement_values`` and
    its PDF report), on the dealer's own journal items only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.date_from = cls.today - timedelta(days=30)
        cls.date_to = cls.today
        # Before the period: the opening balance.
        cls.old_invoice = cls._invoice(cls, 1000.0, due_days=-60)
        cls.invoice = cls._invoice(cls, 300.0, due_days=-10)
        # A contact's invoice belongs to its company's statement.
        cls.contact_invoice = cls._invoice(cls, 70.0, partner=cls.dealer_contact, due_days=-3)
        cls.refund = cls._invoice(cls, 50.0, move_type="out_refund", due_days=-5)
        cls.payment = cls._payment(cls, 200.0)
        cls.draft = cls._invoice(cls, 5000.0, due_days=-2, post=False)
        cls.other_dealer = cls._make_dealer("Statement Other Dealer")
        cls.other_invoice = cls._invoice(cls, 999.0, partner=cls.other_dealer, due_days=-10)

    def test_statement_values(self):
        st = self.dealer_contact._dealer_statement_values(self.date_from, self.date_to)
        self.assertEqual(st["partner"], self.dealer)
        self.assertEqual(st["currency"], self.currency)
        self.assertAlmostEqual(st["opening"], 1000.0)
        self.assertAlmostEqual(st["totals"]["invoice"], 370.0)
        self.assertAlmostEqual(st["totals"]["credit_note"], -50.0)
        self.assertAlmostEqual(st["totals"]["payment"], -200.0)
        self.assertAlmostEqual(st["totals"]["other"], 0.0)
        self.assertAlmostEqual(st["closing"], 1120.0)
        self.assertAlmostEqual(st["opening"] + sum(st["totals"].values()), st["closing"])
        # Oldest first, with a running balance that ends on the closing one.
        self.assertEqual([line["date"] for line in st["lines"]], sorted(line["date"] for line in st["lines"]))
        self.assertAlmostEqual(st["lines"][-1]["balance"], st["closing"])
        self.assertEqual(sorted(line["kind"] for line in st["lines"]), ["credit_note", "invoice", "invoice", "payment"])
        names = {line["name"] for line in st["lines"]}
        self.assertIn(self.contact_invoice.name, names)
        # Another dealer's entries are not part of it (a draft one neither: see the totals).
        self.assertNotIn(self.other_invoice.name, names)
        self.assertNotIn(self.old_invoice.name, names)

    def test_statement_empty_period_keeps_balance(self):
        st = self.dealer._dealer_statement_values(self.today + timedelta(days=1), self.today + timedelta(days=2))
        self.assertFalse(st["lines"])
        self.assertAlmostEqual(st["opening"], 1120.0)
        self.assertAlmostEqual(st["closing"], st["opening"])

    def test_statement_report(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "dealer_credit.action_report_dealer_statement",
                self.dealer.ids,
                data={"date_from": str(self.date_from), "date_to": str(self.date_to)},
            )[0]
            .decode()
        )
        self.assertIn(self.invoice.name, html)
        self.assertIn(self.refund.name, html)
        self.assertIn("Opening balance", html)
        self.assertNotIn(self.other_invoice.name, html)
