"""The invariants `make loadtest` checks in the database after its run
(bench/loadtest/invariants.py), on crafted data: each check names the order
that breaks it, and passes the orders that keep it. The bad states are
written in SQL, the way a crash or a bug half-way would leave them (the
pipeline itself refuses to produce them)."""

from odoo import fields
from odoo.tests import tagged

from odoo.addons.dealer_pricing.tests.common import DealerCommon

from bench.loadtest import invariants


@tagged("post_install", "-at_install")
class TestLoadtestInvariants(DealerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.good = cls._submitted_order(cls.dealer_gold, key="lt-good")
        cls.good.action_confirm()

    @classmethod
    def _submitted_order(cls, dealer, key=None, qty=2):
        """An order submitted the way the pipeline leaves it: stamped, with
        its attempt row."""
        order = cls._create_order(dealer, [(cls.pad, qty), (cls.disc, 1)])
        order.sudo().write({"dealer_submitted_at": fields.Datetime.now(), "dealer_submission_key": key})
        cls.env["dealer.order.attempt"].create(
            {
                "order_id": order.id,
                "partner_id": dealer.id,
                "channel": "portal",
                "outcome": "confirmed",
                "amount_total": order.amount_total,
                "currency_id": order.currency_id.id,
            }
        )
        return order

    def _violations(self, code):
        self.env.flush_all()
        return invariants.check(self.env.cr)[code]

    def _names(self, code):
        return {row[0] for row in self._violations(code)}

    def _sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def test_good_order_breaks_nothing(self):
        for code, _description, _query in invariants.CHECKS:
            rows = self._violations(code)
            self.assertNotIn(self.good.name, {row[0] for row in rows}, code)
            self.assertNotIn("lt-good", {row[0] for row in rows}, code)

    def test_confirmed_without_submission(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 1)])
        self._sql("UPDATE sale_order SET state = 'sale' WHERE id = %s", order.id)
        self.assertIn(order.name, self._names("confirmed_unsubmitted"))
        self.assertNotIn(self.good.name, self._names("confirmed_unsubmitted"))

    def test_submission_without_attempt(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 1)])
        self._sql("UPDATE sale_order SET dealer_submitted_at = now() WHERE id = %s", order.id)
        self.assertIn(order.name, self._names("attempt"))
        # Submitted, yet neither confirmed nor waiting for an approval.
        self.assertIn(order.name, self._names("half_written"))

    def test_blocked_attempt_is_not_a_submission(self):
        order = self._create_order(self.dealer_gold, [(self.pad, 1)])
        attempt = self.env["dealer.order.attempt"].search([("order_id", "=", self.good.id)])
        self._sql("UPDATE dealer_order_attempt SET outcome = 'blocked' WHERE id = %s", attempt.id)
        self.assertIn(self.good.name, self._names("attempt"))
        self.assertNotIn(order.name, self._names("attempt"))

    def test_half_written_order(self):
        order = self._submitted_order(self.dealer_gold, key="lt-half")
        order.action_confirm()
        self.assertNotIn(order.name, self._names("half_written"))
        # The total stored without the lines that make it (a write cut short).
        self._sql("UPDATE sale_order SET amount_untaxed = amount_untaxed + 100 WHERE id = %s", order.id)
        self.assertIn(order.name, self._names("half_written"))
        empty = self._submitted_order(self.dealer_gold)
        self._sql("DELETE FROM sale_order_line WHERE order_id = %s", empty.id)
        self._sql("UPDATE sale_order SET state = 'sale', amount_untaxed = 0 WHERE id = %s", empty.id)
        self.assertIn(empty.name, self._names("half_written"))

    def test_two_orders_one_submission_key(self):
        other = self._submitted_order(self.dealer_gold_2)
        # The unique constraint is what keeps this from happening; the check
        # must still see it if the constraint were lost (rolled back with the test).
        self._sql("ALTER TABLE sale_order DROP CONSTRAINT sale_order_dealer_submission_key_uniq")
        self._sql("UPDATE sale_order SET dealer_submission_key = 'lt-good' WHERE id = %s", other.id)
        rows = self._violations("submission_key")
        self.assertIn("lt-good", {row[0] for row in rows})

    def test_over_credit_limit_without_approval(self):
        dealer = self.dealer_silver
        first = self._submitted_order(dealer, qty=2)
        first.action_confirm()
        second = self._submitted_order(dealer, qty=4)
        second.action_confirm()
        dealer.with_company(self.company).credit_limit = first.amount_total + 1
        # The first order fits the limit; the second took the dealer over it.
        self.assertEqual(self._names("credit") & {first.name, second.name}, {second.name})
        # Through an approval, over the limit is allowed.
        self._sql("UPDATE sale_order SET dealer_approval_state = 'approved' WHERE id = %s", second.id)
        self.assertFalse(self._names("credit") & {first.name, second.name})
        # No limit (0): nothing to break.
        self._sql("UPDATE sale_order SET dealer_approval_state = 'not_needed' WHERE id = %s", second.id)
        dealer.with_company(self.company).credit_limit = 0
        self.assertFalse(self._names("credit") & {first.name, second.name})
