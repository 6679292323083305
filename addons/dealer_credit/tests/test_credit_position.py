from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestCreditPosition(DealerCreditCommon):
    def test_exposure_breakdown(self):
        """Receivables net of credit notes and unapplied payments, plus
        confirmed orders not invoiced, plus orders pending approval."""
        self._invoice(3000.0)
        self._invoice(500.0, move_type="out_refund")
        self._payment(200.0)
        confirmed = self._confirm(self._order(10))
        self.assertEqual(confirmed.state, "sale")
        self._rule("amount_above", users=self.sales_manager, amount=500.0)
        pending = self._order(7)
        self.assertEqual(pending.action_dealer_submit()["outcome"], "approval")
        self.assertEqual(pending.dealer_approval_state, "pending")
        draft = self._order(50)  # a plain quotation is no exposure
        self.assertTrue(draft)

        pos = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(pos["exposure_receivable"], 2300.0)
        self.assertAlmostEqual(pos["exposure_orders"], 1000.0)
        self.assertAlmostEqual(pos["exposure_pending"], 700.0)
        self.assertAlmostEqual(pos["exposure"], 4000.0)
        self.assertAlmostEqual(pos["limit"], 10000.0)
        self.assertAlmostEqual(pos["available"], 6000.0)
        self.assertAlmostEqual(pos["utilisation"], 40.0)
        self.assertEqual(pos["currency_id"], self.currency.id)
        # The same figures on the partner form, from a contact too.
        self.assertAlmostEqual(self.dealer_contact.dealer_credit_exposure, 4000.0)
        self.assertAlmostEqual(self.dealer.dealer_credit_available, 6000.0)
        # An order left out (the one being checked) is not counted.
        pos = self.dealer._dealer_credit_position(exclude_order_ids=pending.ids)
        self.assertAlmostEqual(pos["exposure_pending"], 0.0)

    def test_partially_invoiced_order_counts_once(self):
        order = self._confirm(self._order(10))
        order.order_line.qty_delivered = 10
        invoice = order._create_invoices()
        invoice.invoice_line_ids.quantity = 4
        invoice.action_post()
        pos = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(pos["exposure_receivable"], 400.0)
        self.assertAlmostEqual(pos["exposure_orders"], 600.0)
        self.assertAlmostEqual(pos["exposure"], 1000.0)

    def test_overdue_and_ageing(self):
        self._invoice(1000.0, due_days=5)
        self._invoice(500.0, due_days=-10)
        self._invoice(300.0, due_days=-45)
        self._invoice(250.0, due_days=-75)
        self._invoice(200.0, due_days=-100)
        pos = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(pos["overdue_amount"], 1250.0)
        self.assertEqual(pos["overdue_days"], 100)
        self.assertEqual(
            pos["ageing"],
            {
                "current": 1000.0,
                "1_30": 500.0,
                "31_60": 300.0,
                "61_90": 250.0,
                "90_plus": 200.0,
            },
        )
        self.assertFalse(pos["on_hold"], "no threshold set: no automatic hold")

    def test_currency_converted_at_order_date(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        order_date = fields.Datetime.now() - timedelta(days=20)
        self.env["res.currency.rate"].create(
            [
                {
                    "currency_id": eur.id,
                    "name": (order_date - timedelta(days=1)).date(),
                    "rate": 2.0,
                    "company_id": self.company.id,
                },
                {
                    "currency_id": eur.id,
                    "name": self.today - timedelta(days=2),
                    "rate": 4.0,
                    "company_id": self.company.id,
                },
            ]
        )
        eur_list = self.env["product.pricelist"].create({"name": "EUR list", "currency_id": eur.id})
        order = self._order(10, pricelist_id=eur_list.id, date_order=order_date)
        order.order_line.price_unit = 100.0
        self.assertEqual(order.currency_id, eur)
        self.assertAlmostEqual(order.amount_total, 1000.0)
        self._confirm(order)
        order.date_order = order_date  # confirmation moves date_order; the rate stays the order's own
        pos = self.dealer._dealer_credit_position()
        self.assertAlmostEqual(pos["exposure_orders"], 500.0, msg="1,000 EUR at the order date's rate 2.0")
        # A second EUR order, checked at today's rate for its own date.
        second = self._order(10, pricelist_id=eur_list.id)
        second.order_line.price_unit = 100.0
        self.assertAlmostEqual(second._dealer_amount_company(), 250.0)

    def test_positions_are_batched(self):
        dealers = self.dealer
        for i in range(6):
            dealer = self._make_dealer(f"Batch Dealer {i}", limit=1000.0 * (i + 1))
            self._invoice(100.0 * (i + 1), partner=dealer, due_days=-i)
            self._confirm(self._order(i + 1, partner=dealer))
            dealers |= dealer
        self.env.invalidate_all()
        few = dealers[:2]
        start = self.env.cr.sql_log_count
        few._dealer_credit_positions()
        queries_few = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        positions = dealers._dealer_credit_positions()
        queries_all = self.env.cr.sql_log_count - start
        self.assertEqual(queries_all, queries_few, "the query count does not grow with the number of dealers")
        self.assertLessEqual(queries_all, 10)
        last = dealers[-1]
        self.assertAlmostEqual(positions[last.id]["exposure"], 600.0 + 600.0)
        self.assertAlmostEqual(positions[last.id]["utilisation"], 20.0)

    def test_negative_credit_limit_refused(self):
        with self.assertRaises(ValidationError):
            self.dealer.credit_limit = -1.0

    def test_manual_hold_needs_reason(self):
        with self.assertRaises(ValidationError):
            self.dealer.write({"dealer_credit_hold": True})
        self.dealer.write({"dealer_credit_hold": True, "dealer_credit_hold_reason": "Cheque bounced"})
        pos = self.dealer_contact._dealer_credit_position()
        self.assertTrue(pos["on_hold"])
        self.assertEqual(pos["hold_reason"], "Cheque bounced")
        self.assertTrue(self.dealer_contact.dealer_credit_hold, "the hold is a commercial field, synced to contacts")

    def test_automatic_hold_company_and_tier_threshold(self):
        self._invoice(400.0, due_days=-40)
        self.assertFalse(self.dealer._dealer_credit_position()["on_hold"])
        self.company.dealer_credit_hold_days = 30
        pos = self.dealer._dealer_credit_position()
        self.assertTrue(pos["on_hold"])
        self.assertIn("40 days overdue", pos["hold_reason"])
        self.tier.dealer_credit_hold_days = 60  # the tier's threshold wins
        self.assertFalse(self.dealer._dealer_credit_position()["on_hold"])
        with self.assertRaises(ValidationError):
            self.tier.dealer_credit_hold_days = -5

    def test_no_limit_means_no_credit_check(self):
        dealer = self._make_dealer("Unlimited Dealer", limit=0.0)
        pos = dealer._dealer_credit_position()
        self.assertFalse(pos["limit_set"])
        contact = self.env["res.partner"].create({"name": "U buyer", "parent_id": dealer.id})
        order = self._order(500, partner=contact)
        self.assertFalse(self._issue(order._get_dealer_order_issues(), "over_credit"))

    def test_finance_overview_sorted_by_utilisation(self):
        low = self._make_dealer("Low Use Dealer", limit=10000.0)
        self._invoice(1000.0, partner=low)
        high = self._make_dealer("High Use Dealer", limit=1000.0)
        self._invoice(900.0, partner=high, due_days=-12)
        action = self.env["dealer.credit.overview"].with_user(self.finance)._action_open()
        rows = self.env["dealer.credit.overview"].with_user(self.finance).search(action["domain"])
        ours = rows.filtered(lambda r: r.partner_id in (low | high))
        self.assertEqual(ours.partner_id.ids, [high.id, low.id])
        high_row = ours.filtered(lambda r: r.partner_id == high)
        self.assertAlmostEqual(high_row.utilisation, 90.0)
        self.assertAlmostEqual(high_row.overdue_amount, 900.0)
        self.assertEqual(high_row.overdue_days, 12)
        # Rows are private to the user who opened the list.
        self.assertFalse(self.env["dealer.credit.overview"].with_user(self.sales_manager).search([]))
