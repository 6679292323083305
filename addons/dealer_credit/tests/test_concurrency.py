import threading
import time

import psycopg2

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_pricing.tests.common import publish


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TransactionCase):
    """Two submissions of one dealer in two real, concurrent transactions.

    Each fits the available credit alone, together they do not: exactly one
    may pass. The data is committed (the other transactions must see it) and
    removed afterwards.
    """

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pricelist = env["product.pricelist"].create({"name": "Concurrency list"})
            categ = env["product.category"].create({"name": "Concurrency category"})
            tier = env["dealer.tier"].create(
                {
                    "name": "Concurrency tier",
                    "code": "CONCUR",
                    "pricelist_id": pricelist.id,
                    "categ_ids": [Command.set(categ.ids)],
                    "dealer_credit_policy": "block",
                }
            )
            product = publish(
                env["product.product"].create(
                    {
                        "name": "Concurrency widget",
                        "categ_id": categ.id,
                        "type": "service",
                        "list_price": 100.0,
                        "taxes_id": [Command.clear()],
                        "invoice_policy": "order",
                    }
                )
            )
            dealer = env["res.partner"].create(
                {
                    "name": "Concurrency dealer",
                    "is_company": True,
                    "is_dealer": True,
                    "dealer_tier_id": tier.id,
                    "credit_limit": 1000.0,
                }
            )
            contact = env["res.partner"].create({"name": "Concurrency buyer", "parent_id": dealer.id})
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": contact.id,
                        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 8})],
                    }
                    for _i in range(2)
                ]
            )
            self.ids = {
                "pricelist": pricelist.id,
                "categ": categ.id,
                "tier": tier.id,
                "product": product.id,
                "dealer": dealer.id,
                "contact": contact.id,
                "orders": orders.ids,
            }
        self.addCleanup(self._remove_data)

    def _cursor(self):
        # A real connection, whatever mode the registry is in.
        return sql_db.db_connect(self.dbname).cursor()

    def _remove_data(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.ids["orders"]).exists()
            orders.filtered(lambda o: o.state != "cancel")._action_cancel()
            orders.unlink()
            env["res.partner"].browse([self.ids["contact"], self.ids["dealer"]]).unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["dealer.tier"].browse(self.ids["tier"]).unlink()
            env["product.pricelist"].browse(self.ids["pricelist"]).unlink()
            env["product.category"].browse(self.ids["categ"]).unlink()

    def _submit_in_thread(self, order_id, results, hold=None, locked=None):
        """Submit ``order_id`` in its own transaction, retried on serialization
        failures like every Odoo request (``retrying``)."""
        tries = []
        try:
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})

                def work():
                    tries.append(1)
                    res = env["sale.order"].browse(order_id).action_dealer_submit(channel="portal")
                    if locked is not None:
                        locked.set()
                    if hold is not None:
                        hold.wait(30)
                    return res

                results[order_id] = {"result": retrying(work, env), "tries": len(tries)}
        except Exception as exc:  # reported to the main thread
            results[order_id] = {"error": exc, "tries": len(tries)}
            if locked is not None:
                locked.set()

    def _start_held_submission(self, order_id, results):
        """Submit ``order_id`` in a thread that keeps its transaction open
        until released. Returns ``(thread, locked, release)``: ``locked`` is
        set once the submission has run (its locks held)."""
        locked, release = threading.Event(), threading.Event()
        thread = threading.Thread(
            target=self._submit_in_thread, args=(order_id, results), kwargs={"hold": release, "locked": locked}
        )
        thread.start()
        return thread, locked, release

    def _waiting_on_lock(self):
        with self._cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                (self.dbname,),
            )
            return cr.fetchone()[0] > 0

    def test_two_transactions_cannot_both_pass_over_credit(self):
        order_a, order_b = self.ids["orders"]
        results = {}
        thread_a, a_locked, a_release = self._start_held_submission(order_a, results)
        self.assertTrue(a_locked.wait(30), "the first submission ran")
        thread_b = threading.Thread(target=self._submit_in_thread, args=(order_b, results))
        thread_b.start()
        # The second transaction must queue behind the first one's lock on the dealer.
        deadline = time.monotonic() + 20
        b_waited = False
        while time.monotonic() < deadline and thread_b.is_alive():
            if self._waiting_on_lock():
                b_waited = True
                break
            time.sleep(0.05)
        a_release.set()
        thread_a.join(60)
        thread_b.join(60)
        self.assertFalse(thread_a.is_alive() or thread_b.is_alive())
        self.assertTrue(b_waited, "the second submission waited for the first one's lock")
        self.assertNotIn("error", results[order_a], results[order_a])
        self.assertNotIn("error", results[order_b], results[order_b])
        self.assertEqual(results[order_a]["result"]["outcome"], "confirmed")
        self.assertEqual(results[order_b]["result"]["outcome"], "blocked")
        self.assertGreater(results[order_b]["tries"], 1, "the stale snapshot was retried, not trusted")
        over = [i for i in results[order_b]["result"]["issues"] if i["code"] == "over_credit"]
        self.assertTrue(over)
        self.assertAlmostEqual(over[0]["values"]["available"], 200.0)

        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            states = env["sale.order"].browse(self.ids["orders"]).mapped("state")
            self.assertEqual(sorted(states), ["draft", "sale"], "exactly one order passed")
            position = env["res.partner"].browse(self.ids["dealer"])._dealer_credit_position()
            self.assertLessEqual(position["exposure"], position["limit"])

    # ------------------------------------------------------------------
    # The dealer's partner row stays free for everything else
    # ------------------------------------------------------------------
    def _write_pointing_at_dealer(self, cr, name):
        """What countless writes do while dealers order: a row with a foreign
        key to the dealer's partner (here a new contact of the dealer; the
        delivery cron's stage logs, the status look-ups, the orders, too).
        Its foreign key check takes a key-share lock on the partner row."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        contact = env["res.partner"].create({"name": name, "parent_id": self.ids["dealer"]})
        env.flush_all()
        self.addCleanup(self._remove_partner, contact.id)
        return contact

    def _remove_partner(self, partner_id):
        with self._cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["res.partner"].browse(partner_id).exists().unlink()

    def test_open_submission_does_not_hold_up_writes_on_the_dealer(self):
        """While a submission holds the dealer's lock, a write pointing at
        the dealer goes through at once (a lock on the partner row itself
        would make it wait for the submission)."""
        order_a, _order_b = self.ids["orders"]
        results = {}
        thread_a, a_locked, a_release = self._start_held_submission(order_a, results)
        try:
            self.assertTrue(a_locked.wait(30), "the submission ran and holds its lock")
            with self._cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '3s'")
                started = time.monotonic()
                try:
                    self._write_pointing_at_dealer(cr, "Concurrency clerk (during)")
                except psycopg2.errors.LockNotAvailable:
                    self.fail("the write waited for the dealer's submission")
                self.assertLess(time.monotonic() - started, 2.0)
        finally:
            a_release.set()
            thread_a.join(60)
        self.assertEqual(results[order_a]["result"]["outcome"], "confirmed")

    def test_committed_submission_does_not_fail_older_transactions(self):
        """A transaction that began before a submission committed still
        writes rows pointing at the dealer afterwards. (A submission that
        rewrote the partner row would make each of them fail with a
        serialization error: the delivery cron's whole batch, a dealer's
        status look-up.)"""
        order_a, _order_b = self.ids["orders"]
        with self._cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cr.execute("SELECT id FROM res_partner WHERE id = %s", (self.ids["dealer"],))  # the snapshot
            results = {}
            thread = threading.Thread(target=self._submit_in_thread, args=(order_a, results))
            thread.start()
            thread.join(60)
            self.assertEqual(results[order_a]["result"]["outcome"], "confirmed", results[order_a])
            try:
                self._write_pointing_at_dealer(cr, "Concurrency clerk (after)")
            except psycopg2.errors.SerializationFailure:
                self.fail("the submission's commit broke an older transaction's write on the dealer")
