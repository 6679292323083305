import json
import socket

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_delivery.tools.signature import check_signature

from .common import DealerIntegrationCommon, Receiver


@tagged("post_install", "-at_install")
class TestOutbox(DealerIntegrationCommon):
    """Events of dealer orders: queued in the transaction of the change,
    sent signed, in order, retried with backoff, set aside after N failures."""

    def _order(self):
        return self._confirm(self._make_order([(self.product_a, 2), (self.product_b, 1)]))

    # ------------------------------------------------------------------
    # Queuing
    # ------------------------------------------------------------------
    def test_submission_queues_submitted_then_confirmed_in_its_transaction(self):
        other_company = self.env["res.company"].create({"name": "DI Other Company"})
        self.env["dealer.integration.endpoint"].create(
            {
                "name": "Elsewhere",
                "url": self.base_url + "/other",
                "company_id": other_company.id,
                "event_type_ids": [(6, 0, self.all_types.ids)],
            }
        )
        only_invoices = self._endpoint(
            "Accounting", "/acc", types=self.all_types.filtered(lambda t: t.code == "invoice.posted")
        )
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        order = self._order()

        events = self._events(order=order)
        self.assertEqual(events.mapped("event_type"), ["order.submitted", "order.confirmed"])
        self.assertEqual(set(events.mapped("state")), {"pending"})
        self.assertFalse(self._events(only_invoices), "an endpoint gets only the events it subscribes to")
        self.assertEqual(
            self.Event.search_count([("order_id", "=", order.id)]), 2, "another company's endpoint gets nothing"
        )
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]), triggers)
        self.env.cr.precommit.run()  # what the commit does first
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
            "the sending job is woken up once, at the commit",
        )
        body = json.loads(events[1].payload)
        self.assertEqual(body["schema"], "dealer.event/1")
        self.assertEqual(body["id"], events[1].event_uuid)
        self.assertEqual(body["type"], "order.confirmed")
        self.assertEqual(body["data"]["order"]["name"], order.name)
        self.assertEqual(body["data"]["order"]["state"], "sale")
        self.assertEqual(
            [(line["product_code"], line["quantity"]) for line in body["data"]["order"]["lines"]],
            [("BP-220", 2.0), ("PT-50", 1.0)],
        )
        self.assertEqual(body["data"]["dealer"]["name"], self.dealer.name)
        self.assertEqual(order.dealer_integration_event_count, 2)
        action = order.action_view_dealer_integration_events()
        self.assertEqual(self.Event.search(action["domain"]), events)

    def test_rolled_back_change_queues_nothing(self):
        order = self._make_order([(self.product_a, 1)])
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self._confirm(order)
            self.assertEqual(len(self._events(order=order)), 2)
            raise RuntimeError("the transaction fails after the change")
        self.env.invalidate_all()
        self.assertFalse(self.Event.search([("order_id", "=", order.id)]), "nothing queued, nothing to send")
        self._send()
        self.assertFalse(Receiver.received)

    def test_failed_submission_queues_nothing(self):
        order = self._make_order([(self.product_a, 1)])
        with self.assertRaises(UserError), self.Event._dealer_deferred():
            self.Event._dealer_emit("order.submitted", order)
            self.assertFalse(self._events(order=order), "a submission's events are written at its end")
            raise UserError(self.env._("the submission fails"))
        self.assertFalse(self._events(order=order))
        self.assertFalse(self.env.cr.precommit.data.get("dealer_integration.deferred"))
        with self.Event._dealer_deferred():
            self.Event._dealer_emit("order.submitted", order)
            self.Event._dealer_emit("order.changed", order)
        self.assertEqual(self._events(order=order).mapped("event_type"), ["order.submitted", "order.changed"])

    def test_delivery_invoice_credit_note_and_cancel_are_queued(self):
        order = self._order()
        picking = self._customer_pickings(order)
        self._validate(picking)
        invoice = order._create_invoices()
        invoice.action_post()
        credit_note = invoice._reverse_moves([{"ref": "Damaged pump"}])
        credit_note.action_post()
        events = self._events(order=order)
        self.assertEqual(
            events.mapped("event_type"),
            ["order.submitted", "order.confirmed", "delivery.done", "invoice.posted", "credit_note.posted"],
        )
        delivery = json.loads(events[2].payload)["data"]["delivery"]
        self.assertEqual((delivery["name"], delivery["order"]), (picking.name, order.name))
        self.assertEqual(
            {line["product_code"]: line["quantity"] for line in delivery["lines"]}, {"BP-220": 2, "PT-50": 1}
        )
        posted = json.loads(events[3].payload)["data"]["invoice"]
        self.assertEqual((posted["name"], posted["type"], posted["orders"]), (invoice.name, "invoice", [order.name]))
        self.assertAlmostEqual(posted["amount_total"], invoice.amount_total)
        credit = json.loads(events[4].payload)["data"]["invoice"]
        self.assertEqual((credit["type"], credit["reversed_invoice"]), ("credit_note", invoice.name))

        cancelled = self._order()
        cancelled._action_cancel()
        self.assertEqual(self._events(order=cancelled)[-1:].event_type, "order.cancelled")
        quotation = self._make_order([(self.product_a, 1)])
        quotation._action_cancel()
        self.assertFalse(self._events(order=quotation), "a quotation never submitted is nobody else's business")

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def test_event_is_signed_with_the_shared_verifier(self):
        order = self._order()
        self._send()
        self.assertEqual(len(Receiver.received), 2)
        request = Receiver.received[0]
        headers = request["headers"]
        event = self._events(order=order)[0]
        self.assertEqual(headers["X-Dealer-Event-Id"], event.event_uuid)
        self.assertEqual(headers["X-Dealer-Event-Type"], "order.submitted")
        self.assertEqual(request["body"], event.payload.encode(), "the body sent is the payload stored")
        secret = self.endpoint.sudo().secret
        timestamp, signature = headers["X-Dealer-Timestamp"], headers["X-Dealer-Signature"]
        self.assertTrue(signature.startswith("sha256="))
        self.assertIsNone(check_signature(secret, request["body"], timestamp, signature))
        self.assertIn("does not match", check_signature(secret, request["body"] + b" ", timestamp, signature))
        self.assertIn("does not match", check_signature("another secret", request["body"], timestamp, signature))
        # One verifier both ways: a carrier account with the same secret
        # accepts our request as one of its own webhooks.
        carrier = self.env["dealer.carrier.account"].create({"name": "Loop", "code": "di-loop", "secret": secret})
        self.assertIsNone(carrier._dealer_check_signature(request["body"], timestamp, signature))
        self.assertEqual(set(self._events(order=order).mapped("state")), {"sent"})
        self.assertTrue(self.endpoint.last_success_at)

    def test_event_survives_the_receiver_being_down(self):
        Receiver.status["/erp"] = 503
        order = self._order()
        self._send()
        events = self._events(order=order)
        self.assertEqual(events.mapped("state"), ["pending", "pending"])
        self.assertEqual(events.mapped("attempts"), [1, 0], "the endpoint stops at its first failure")
        self.assertIn("HTTP 503", events[0].last_error)
        self.assertGreater(events[0].next_attempt_at, events[0].last_attempt_at)
        self.assertEqual(self.endpoint.consecutive_failures, 1)
        self.assertTrue(self.endpoint.retry_at, "the endpoint is left alone for a while")
        self.assertEqual((self.endpoint.backlog_count, self.endpoint.failed_count), (2, 0))
        self.assertIn("HTTP 503", self.endpoint.last_error)

        received = len(Receiver.received)
        self._send()
        self.assertEqual(len(Receiver.received), received, "a paused endpoint is not called")

        del Receiver.status["/erp"]
        self._make_due()
        self._send()
        self.assertEqual(events.mapped("state"), ["sent", "sent"])
        self.assertEqual(events.mapped("attempts"), [2, 1])
        self.assertEqual(
            [r["json"]["id"] for r in Receiver.received[-2:]], events.mapped("event_uuid"), "same ids as queued"
        )
        self.endpoint.invalidate_recordset()
        self.assertEqual((self.endpoint.consecutive_failures, self.endpoint.retry_at), (0, False))
        self.assertEqual(self.endpoint.backlog_count, 0)

    def test_retries_back_off_then_dead_letter_then_send_again(self):
        self.endpoint.max_attempts = 4
        Receiver.status["/erp"] = 500
        order = self._make_order([(self.product_a, 1)])
        event = self.Event._dealer_emit("order.submitted", order)
        self.assertEqual(len(event), 1)
        delays = []
        for _attempt in range(3):
            self._send()
            self.assertEqual(event.state, "pending")
            delays.append((event.next_attempt_at - event.last_attempt_at).total_seconds())
            self._make_due()
        self.assertEqual(event.attempts, 3)
        self.assertTrue(30 <= delays[0] <= 45, delays)
        self.assertTrue(delays[0] < delays[1] < delays[2], f"each retry waits longer: {delays}")
        self._send()
        self.assertEqual((event.state, event.attempts), ("dead", 4))
        self.assertIn("HTTP 500", event.last_error)
        self.assertEqual(self.endpoint.failed_count, 1)

        salesman = new_test_user(self.env, login="di_salesman", groups="sales_team.group_sale_salesman")
        self.assertEqual(event.with_user(salesman).state, "dead", "salesmen read the event log")
        with self.assertRaises(AccessError):
            event.with_user(salesman).action_send_again()
        del Receiver.status["/erp"]
        event.with_user(self.dd_sales_manager).action_send_again()
        self.assertEqual((event.state, event.attempts), ("pending", 0))
        self._make_due(events=self.Event.browse())
        self._send()
        self.assertEqual((event.state, event.attempts), ("sent", 1))

    def test_events_of_an_order_never_overtake_each_other(self):
        first, second = self._order(), self._order()
        first_events = self._events(order=first)
        Receiver.fail_ids = {first_events[0].event_uuid}
        self._send()
        self.assertEqual(first_events.mapped("attempts"), [1, 0])
        # The endpoint is up again; the failed event still waits for its retry.
        self._make_due(events=self.Event.browse())
        self._send()
        self.assertEqual(first_events.mapped("state"), ["pending", "pending"], "confirmed waits for submitted")
        self.assertEqual(set(self._events(order=second).mapped("state")), {"sent"}, "another order is not held up")

        Receiver.fail_ids = set()
        self._make_due()
        self._send()
        self.assertEqual(first_events.mapped("state"), ["sent", "sent"])
        sent = [r["json"]["id"] for r in Receiver.received if r["json"]["data"]["order"]["id"] == first.id]
        self.assertEqual(sent[-2:], first_events.mapped("event_uuid"), "submitted, then confirmed")

    def test_one_endpoint_down_does_not_delay_another(self):
        # Created first, so first in line; nothing listens at its address.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        self.endpoint.write({"name": "ERP down", "url": f"http://127.0.0.1:{closed_port}/erp"})
        healthy = self._endpoint("Warehouse", "/wms")
        self._order() | self._order() | self._order()
        self._send()
        self.assertEqual(len(self._events(healthy)), 6)
        self.assertEqual(set(self._events(healthy).mapped("state")), {"sent"})
        down_events = self._events()
        self.assertEqual(down_events.mapped("attempts"), [1, 0, 0, 0, 0, 0], "one failed call, not six")
        self.assertIn("ConnectionError", down_events[0].last_error)
        self.assertEqual(self.endpoint.consecutive_failures, 1)

        more = self._order()
        self._send()
        self.assertEqual(set(self._events(healthy, order=more).mapped("state")), {"sent"})
        self.assertEqual(self._events().mapped("attempts"), [1] + [0] * 7, "a paused endpoint is not called")
        self.assertEqual((self.endpoint.backlog_count, self.endpoint.failed_count), (8, 0))
        healthy.invalidate_recordset()
        self.assertEqual((healthy.backlog_count, healthy.failed_count, healthy.consecutive_failures), (0, 0, 0))
        self.assertEqual(
            self.env["dealer.integration.endpoint"].search(
                [("id", "in", (healthy | self.endpoint).ids)], order="consecutive_failures, id"
            ),
            healthy | self.endpoint,
            "the failing endpoint is served last",
        )

    def test_slow_endpoint_stops_at_its_time_budget(self):
        Receiver.delay["/erp"] = 0.3
        healthy = self._endpoint("Warehouse", "/wms")
        self._order() | self._order() | self._order()
        done = self.Event._dealer_cron_send(time_budget=0.5)
        self.assertEqual(set(self._events(healthy).mapped("state")), {"sent"}, "the fast endpoint is not held up")
        self.assertEqual(
            self._events().mapped("state"), ["sent", "sent"] + ["pending"] * 4, "two answers fill the budget"
        )
        self.assertEqual(self._events().mapped("attempts"), [1, 1, 0, 0, 0, 0])
        self.assertEqual(done, 8)
        self.assertEqual(self.endpoint.consecutive_failures, 0, "slow is not failing")
        self.Event._dealer_cron_send()
        self.assertEqual(set(self._events().mapped("state")), {"sent"})

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_dealers_and_salesmen_cannot_touch_the_outbox(self):
        order = self._order()
        event = self._events(order=order)[:1]
        with self.assertRaises(AccessError):
            event.with_user(self.dealer_user).read(["payload"])
        with self.assertRaises(AccessError):
            self.endpoint.with_user(self.dealer_user).read(["url"])
        with self.assertRaises(AccessError):
            self.endpoint.with_user(self.dd_sales_manager).write({"url": "https://evil.example/"})
        with self.assertRaises(AccessError):
            event.with_user(self.dd_sales_manager).write({"payload": '{"forged": true}'})
        with self.assertRaises(AccessError):
            self.Event.with_user(self.dd_sales_manager).create(
                {"event_uuid": "x", "event_type": "order.submitted", "endpoint_id": self.endpoint.id}
            )
        self.assertFalse(self.endpoint.with_user(self.dd_sales_manager).read(["name"])[0].get("secret"))
