import json
import logging
import random
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import requests

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.dealer_delivery.tools.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

from ..const import (
    BACKOFF_BASE,
    BACKOFF_MAX,
    ENDPOINT_TIME_BUDGET,
    EVENT_ID_HEADER,
    EVENT_SCHEMA,
    EVENT_TYPE_HEADER,
    EVENT_TYPES,
    MAX_ERROR_LENGTH,
    MAX_TIMEOUT,
    SEND_BATCH,
)

_logger = logging.getLogger(__name__)

# Where ``_dealer_deferred`` collects the events of one operation.
DEFER_KEY = "dealer_integration.deferred"


class DealerIntegrationEvent(models.Model):
    """The outbox: one row per event and subscribed endpoint, written in the
    transaction of the change it reports, sent afterwards by a job."""

    _name = "dealer.integration.event"
    _description = "Integration Event"
    _order = "id desc"
    _rec_name = "event_type"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    # Indexes are few on purpose: each one is written in the transaction of
    # every order change. The unique constraint indexes the event id, and
    # ``init`` adds the one the sending job reads pending events by.
    event_uuid = fields.Char(
        "Event ID",
        required=True,
        readonly=True,
        help="Sent with the event: receivers use it to skip repeats.",
    )
    event_type = fields.Selection(EVENT_TYPES, required=True, readonly=True)
    schema_version = fields.Char("Schema", required=True, readonly=True, default=EVENT_SCHEMA)
    occurred_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    payload = fields.Text(readonly=True, help="The JSON body sent, exactly.")
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference("Document ID", model_field="res_model", readonly=True)
    order_id = fields.Many2one("sale.order", "Order", readonly=True, index="btree_not_null", ondelete="set null")
    endpoint_id = fields.Many2one(
        "dealer.integration.endpoint", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("dead", "Failed")],
        required=True,
        default="pending",
        readonly=True,
        help="Failed: set aside after the endpoint's number of attempts; Send Again queues it once more.",
    )
    attempts = fields.Integer(readonly=True, default=0)
    next_attempt_at = fields.Datetime(readonly=True, default=fields.Datetime.now)
    last_attempt_at = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)
    sent_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("event_endpoint_uniq", "unique(event_uuid, endpoint_id)", "An event is queued once per endpoint."),
    ]

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS dealer_integration_event_pending_idx "
            "ON dealer_integration_event (endpoint_id, id) WHERE state = 'pending'"
        )

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def action_send_again(self):
        """Queue failed events once more, with a fresh count of attempts:
        for sales managers."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers may send failed events again."))
        self.check_access("read")
        dead = self.filtered(lambda event: event.state == "dead")
        # Nobody edits an event (its body is signed and sent as it is): this
        # state change is the only write a manager makes.
        dead.sudo().write({"state": "pending", "attempts": 0, "next_attempt_at": fields.Datetime.now()})
        if dead:
            self._dealer_wake_sender()
        return True

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Emitting
    # ------------------------------------------------------------------
    @api.model
    def _dealer_emit(self, event_type, records):
        """Queue ``event_type`` for ``records`` (orders, delivery orders or
        invoices: models with ``_dealer_event_data``) to every endpoint of
        their company subscribed to it, in the current transaction: a change
        rolled back sends nothing, a change committed is sent even if the
        receiver is down now. Wakes the sending job up for after the commit.
        Returns the events created (sudo)."""
        subscribed = self.env["dealer.integration.endpoint"]._dealer_subscriptions(event_type)
        records = records.filtered(lambda record: record.company_id.id in subscribed) if subscribed else ()
        if not records:
            return self.sudo().browse()
        now = fields.Datetime.now()
        vals_list = []
        for record, order, data in records._dealer_event_data(event_type):
            event_uuid = str(uuid.uuid4())
            body = self._dealer_envelope(event_uuid, event_type, now, record.company_id, data)
            vals_list.extend(
                {
                    "event_uuid": event_uuid,
                    "event_type": event_type,
                    "occurred_at": now,
                    "payload": body,
                    "res_model": record._name,
                    "res_id": record.id,
                    "order_id": order.id,
                    "endpoint_id": endpoint_id,
                    "company_id": record.company_id.id,
                    "next_attempt_at": now,
                    "state": "pending",
                    "attempts": 0,
                    "schema_version": EVENT_SCHEMA,
                }
                for endpoint_id in subscribed[record.company_id.id]
            )
        deferred = self.env.cr.precommit.data.get(DEFER_KEY)
        if deferred is not None:
            deferred.extend(vals_list)
            return self.sudo().browse()
        return self._dealer_queue(vals_list)

    @api.model
    def _dealer_queue(self, vals_list):
        """Write the events ``vals_list`` and wake the job up; return them."""
        if not vals_list:
            return self.sudo().browse()
        # Whoever changes the order (a dealer on the portal too) queues its
        # events; only the job and the back office read them.
        events_sudo = self.sudo().create(vals_list)
        self._dealer_wake_sender()
        return events_sudo

    @api.model
    @contextmanager
    def _dealer_deferred(self):
        """Within this block, the events emitted are written together when it
        ends (one insert for a submission's "submitted" and "confirmed"),
        still in the transaction; nothing is written if the block raises.
        Nested blocks write with the outermost one. Only for blocks that do
        not roll back a savepoint of their own after emitting."""
        data = self.env.cr.precommit.data
        if DEFER_KEY in data:
            yield
            return
        data[DEFER_KEY] = vals_list = []
        try:
            yield
        finally:
            data.pop(DEFER_KEY, None)
        self._dealer_queue(vals_list)

    @api.model
    def _dealer_envelope(self, event_uuid, event_type, occurred_at, company, data):
        """The JSON body of an event (see the readme): the same for every
        endpoint and every attempt, so a receiver may compare repeats."""
        envelope = {
            "schema": EVENT_SCHEMA,
            "id": event_uuid,
            "type": event_type,
            "occurred_at": occurred_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "company": {"id": company.id, "name": company.name},
            "data": data,
        }
        return json.dumps(envelope, separators=(",", ":"), sort_keys=True, default=str)

    @api.model
    def _dealer_wake_sender(self, at=None):
        """Wake the sending job up at ``at``, or, without ``at``, right after
        this transaction commits (once per transaction however many events
        it queues)."""
        if at is not None:
            self.env.ref("dealer_integration.ir_cron_dealer_integration_send").sudo()._trigger(at)
            return
        precommit = self.env.cr.precommit
        if not precommit.data.get("dealer_integration.wake"):
            precommit.data["dealer_integration.wake"] = True
            precommit.add(self._dealer_wake_now)

    def _dealer_wake_now(self):
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id("dealer_integration.ir_cron_dealer_integration_send")
        self.env["ir.cron"].sudo().browse(cron_id)._trigger()
        self.env.flush_all()

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _dealer_cron_send(self, batch=SEND_BATCH, time_budget=ENDPOINT_TIME_BUDGET):
        """Cron: send the events that are due, endpoint by endpoint, at most
        ``batch`` events and ``time_budget`` seconds per endpoint.

        One endpoint's outage never delays another's: endpoints failing now
        are served last; an endpoint stops for this run at its first failure
        and is then paused (``retry_at``, growing like the events' backoff),
        so a receiver that is down costs at most one timeout per pause and
        its backlog blocks nobody else's. Reports its progress: the cron
        framework commits after each call and calls again while events
        remain due, so what was sent is recorded batch by batch (an event
        sent again after a crash is recognised by its id). When nothing is
        due, the job is woken up for the next retry."""
        # A technical job for every company: it reads endpoints and events
        # whatever the companies of the cron's user.
        self = self.sudo()
        now = fields.Datetime.now()
        endpoints = self.env["dealer.integration.endpoint"].search(
            ["|", ("retry_at", "=", False), ("retry_at", "<=", now)], order="consecutive_failures, id"
        )
        done = remaining = 0
        for endpoint in endpoints:
            sent, left = self._dealer_send_endpoint(endpoint, batch, time_budget)
            done += sent
            remaining += left
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if not remaining:
            self._dealer_schedule_next()
        return done

    @api.model
    def _dealer_schedule_next(self):
        """Wake the job up when the next pending event may be sent: its own
        retry time, or its endpoint's pause if later."""
        groups = self._read_group(
            [("state", "=", "pending"), ("endpoint_id.active", "=", True)], ["endpoint_id"], ["next_attempt_at:min"]
        )
        moments = [max(due, endpoint.retry_at or due) for endpoint, due in groups]
        if moments:
            # Never sooner than a few seconds: events held by another run are not a reason to spin.
            self._dealer_wake_sender(max(min(moments), fields.Datetime.now() + timedelta(seconds=5)))

    @api.model
    def _dealer_due_events(self, endpoint, limit):
        """The events of ``endpoint`` to send now, oldest first, locked: due,
        and no earlier event of the same order still waiting for its retry
        (an order's events arrive in the order they happened). Events
        another run holds are skipped."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT e.id FROM dealer_integration_event e
                 WHERE e.endpoint_id = %(endpoint)s AND e.state = 'pending' AND e.next_attempt_at <= %(now)s
                   AND NOT EXISTS (
                        SELECT 1 FROM dealer_integration_event p
                         WHERE p.endpoint_id = e.endpoint_id AND p.order_id = e.order_id
                           AND p.state = 'pending' AND p.id < e.id AND p.next_attempt_at > %(now)s)
                 ORDER BY e.id
                 LIMIT %(limit)s
                   FOR UPDATE OF e SKIP LOCKED
                """,
                endpoint=endpoint.id,
                now=fields.Datetime.now(),
                limit=limit,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _dealer_send_endpoint(self, endpoint, batch, time_budget):
        """Send up to ``batch`` due events of ``endpoint`` within
        ``time_budget`` seconds; return ``(sent, still due)``."""
        events = self._dealer_due_events(endpoint, batch + 1)
        more = len(events) > batch
        events = events[:batch]
        if not events:
            return 0, 0
        # The secret is readable by administrators only; the sending job signs with it.
        secret = endpoint.sudo().secret or ""
        timeout = min(max(endpoint.timeout, 1), MAX_TIMEOUT)
        deadline = time.monotonic() + time_budget
        sent = 0
        failed = False
        with requests.Session() as session:
            for event in events:
                if time.monotonic() > deadline:
                    more = True
                    break
                error = event._dealer_post(session, endpoint.url, secret, timeout)
                if error:
                    event._dealer_record_failure(error)
                    # The receiver is failing: the rest waits for the endpoint's
                    # pause to end, without spending an attempt each.
                    failed = True
                    break
                event._dealer_record_success()
                sent += 1
        if failed:
            failures = endpoint.consecutive_failures + 1
            endpoint.write(
                {
                    "consecutive_failures": failures,
                    "retry_at": fields.Datetime.now() + timedelta(seconds=self._dealer_backoff(failures)),
                }
            )
            return sent, 0
        if endpoint.consecutive_failures or endpoint.retry_at:
            endpoint.write({"consecutive_failures": 0, "retry_at": False})
        return sent, int(more)

    def _dealer_post(self, session, url, secret, timeout):
        """POST this event; return the error, or None when the receiver
        answered 2xx."""
        self.ensure_one()
        body = self.payload.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "dealer-integration/1",
            EVENT_ID_HEADER: self.event_uuid,
            EVENT_TYPE_HEADER: self.event_type,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: "sha256=" + sign(secret, timestamp, body),
        }
        try:
            # No redirect is followed: the signed event goes where it was configured to, or nowhere.
            response = session.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False)
        except requests.RequestException as exc:
            return f"{type(exc).__name__}: {exc}"
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}: {response.text[:500]}"

    def _dealer_record_success(self):
        now = fields.Datetime.now()
        self.write(
            {
                "state": "sent",
                "attempts": self.attempts + 1,
                "sent_at": now,
                "last_attempt_at": now,
                "last_error": False,
            }
        )

    def _dealer_record_failure(self, error):
        """Count a failed attempt: retry later with backoff, or set the event
        aside after the endpoint's number of attempts."""
        self.ensure_one()
        now = fields.Datetime.now()
        attempts = self.attempts + 1
        vals = {"attempts": attempts, "last_attempt_at": now, "last_error": error[:MAX_ERROR_LENGTH]}
        if attempts >= self.endpoint_id.max_attempts:
            vals["state"] = "dead"
            _logger.warning(
                "Integration event %s to %s failed for good: %s", self.event_uuid, self.endpoint_id.name, error
            )
        else:
            vals["next_attempt_at"] = now + timedelta(seconds=self._dealer_backoff(attempts))
        self.write(vals)

    @api.model
    def _dealer_backoff(self, attempts):
        """Seconds to wait after the ``attempts``-th failure: doubling from
        ``BACKOFF_BASE`` up to ``BACKOFF_MAX``, plus up to half of it at
        random (jitter)."""
        delay = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)
        return delay * (1 + random.random() / 2)
