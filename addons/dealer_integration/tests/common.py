import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo import Command

from odoo.addons.dealer_delivery.tests.common import DealerDeliveryCommon


class Receiver(BaseHTTPRequestHandler):
    """A dealer's system receiving events: records each request; answers
    with the status set for its path (default 200), after the delay set for
    it, and 500 for the event ids listed in ``fail_ids``."""

    received = []
    status = {}
    delay = {}
    fail_ids = set()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        cls = type(self)
        time.sleep(cls.delay.get(self.path, 0))
        event_id = self.headers.get("X-Dealer-Event-Id")
        cls.received.append({"path": self.path, "headers": dict(self.headers), "body": body, "json": json.loads(body)})
        status = 500 if event_id in cls.fail_ids else cls.status.get(self.path, 200)
        payload = b'{"ok": true}'
        # The sender may have given up waiting.
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    def log_message(self, *args):
        pass


class DealerIntegrationCommon(DealerDeliveryCommon):
    """The delivery fixture, with a chart of accounts (events of invoices),
    a local receiver and an endpoint subscribed to every event."""

    chart_template = "generic_coa"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        cls.server.daemon_threads = True
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.base_url = f"http://127.0.0.1:{cls.server.server_port}"
        cls.Event = cls.env["dealer.integration.event"]
        cls.all_types = cls.env["dealer.integration.event.type"].search([])
        cls.endpoint = cls._endpoint("ERP", "/erp")
        cls.cron = cls.env.ref("dealer_integration.ir_cron_dealer_integration_send")
        for product in (cls.product_a, cls.product_b, cls.product_c):
            cls._set_stock(product, cls.wh_1step, 100)

    @classmethod
    def _endpoint(cls, name, path, types=None, **vals):
        return cls.env["dealer.integration.endpoint"].create(
            {
                "name": name,
                "url": cls.base_url + path,
                "event_type_ids": [Command.set((types or cls.all_types).ids)],
                "company_id": cls.company.id,
                **vals,
            }
        )

    def setUp(self):
        super().setUp()
        Receiver.received = []
        Receiver.status = {}
        Receiver.delay = {}
        Receiver.fail_ids = set()

    def _events(self, endpoint=None, order=None):
        domain = [("endpoint_id", "=", (endpoint or self.endpoint).id)]
        if order:
            domain.append(("order_id", "=", order.id))
        return self.Event.search(domain, order="id")

    def _send(self):
        return self.Event._dealer_cron_send()

    def _make_due(self, events=None, endpoints=None):
        """Move the clock on: retries and endpoint pauses are over."""
        (events if events is not None else self.Event.search([])).sudo().write(
            {"next_attempt_at": "2000-01-01 00:00:00"}
        )
        (endpoints if endpoints is not None else self.env["dealer.integration.endpoint"].search([])).sudo().write(
            {"retry_at": False}
        )
