from odoo.tests import tagged

from .common import DealerCreditCommon


@tagged("post_install", "-at_install")
class TestPortalData(DealerCreditCommon):
    def test_position_readable_for_the_dealers_portal_user(self):
        self._invoice(1200.0, due_days=-20)
        pos = self.dealer_contact.with_user(self.portal_user)._dealer_credit_position()
        self.assertAlmostEqual(pos["limit"], 10000.0)
        self.assertAlmostEqual(pos["exposure_receivable"], 1200.0)
        self.assertAlmostEqual(pos["overdue_amount"], 1200.0)
        self.assertEqual(pos["overdue_days"], 20)
        self.assertAlmostEqual(pos["ageing"]["1_30"], 1200.0)
        self.assertFalse(pos["on_hold"])

    def test_payment_history_with_reconciliation(self):
        invoice = self._invoice(1000.0)
        other = self._invoice(400.0)
        register = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": 600.0})
        )
        payment = register._create_payments()
        unapplied = self._payment(150.0)
        history = self.dealer_contact.with_user(self.portal_user)._dealer_payment_history()
        by_name = {h["name"]: h for h in history}
        self.assertEqual(set(by_name), {payment.name, unapplied.name})
        self.assertEqual(by_name[payment.name]["invoices"], [{"name": invoice.name, "amount": 600.0}])
        self.assertAlmostEqual(by_name[payment.name]["amount"], 600.0)
        self.assertEqual(by_name[payment.name]["currency_id"], self.currency.id)
        self.assertEqual(by_name[unapplied.name]["invoices"], [])
        self.assertEqual(len(self.dealer._dealer_payment_history(limit=1)), 1)
        # Another dealer's payments never show.
        stranger = self._make_dealer("Stranger Dealer")
        self._payment(99.0, partner=stranger)
        names = {h["name"] for h in self.dealer._dealer_payment_history()}
        self.assertNotIn(stranger.name, names)
        self.assertEqual(len(names), 2)
        self.assertTrue(other)
