import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from odoo.tests import tagged

from .common import DealerDeliveryCommon


class _TrackingHandler(BaseHTTPRequestHandler):
    """A carrier tracking API: /ok/<ref> answers events, /flaky/<ref> fails
    once with 503 then answers, /down/<ref> always fails."""

    hits = {}

    def do_GET(self):
        kind, ref = self.path.strip("/").split("/", 1)
        self.hits[kind] = self.hits.get(kind, 0) + 1
        if kind == "down" or (kind == "flaky" and self.hits[kind] == 1):
            self.send_response(503)
            self.end_headers()
            return
        body = json.dumps(
            {
                "events": [
                    {
                        "event_id": f"{kind}-{ref}-1",
                        "shipment": ref,
                        "status": "out_for_delivery",
                        "occurred_at": "2026-11-27T10:00:00Z",
                        "location": {"text": "Depot gate"},
                    }
                ]
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestPolling(DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), _TrackingHandler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        base = f"http://127.0.0.1:{cls.server.server_port}"
        Account = cls.env["dealer.carrier.account"]
        cls.down = Account.create(
            {
                "name": "DD Down",
                "code": "dd-down",
                "polling_enabled": True,
                "polling_retries": 1,
                "polling_url_template": base + "/down/{tracking_ref}",
                "polling_timeout": 2,
            }
        )
        cls.ok = Account.create(
            {
                "name": "DD Up",
                "code": "dd-up",
                "polling_enabled": True,
                "polling_retries": 0,
                "polling_url_template": base + "/ok/{tracking_ref}",
            }
        )
        cls.flaky = Account.create(
            {
                "name": "DD Flaky",
                "code": "dd-flaky",
                "polling_enabled": True,
                "polling_retries": 2,
                "polling_url_template": base + "/flaky/{shipment}",
            }
        )
        cls._set_stock(cls.product_a, cls.wh_1step, 50)
        cls.pickings = {}
        for account in (cls.down, cls.ok, cls.flaky):
            order = cls._make_order([(cls.product_a, 1)])
            cls._confirm(order)
            picking = order.picking_ids
            picking.action_assign()
            picking.move_ids.write({"quantity": 1, "picked": True})
            picking._action_done()
            picking.write({"dealer_carrier_account_id": account.id, "carrier_tracking_ref": f"T-{account.code}"})
            cls.pickings[account.code] = picking

    def setUp(self):
        super().setUp()
        _TrackingHandler.hits = {}

    def test_failure_is_logged_and_others_still_polled(self):
        self.env["dealer.carrier.account"]._cron_poll()
        self.assertEqual(self.down.last_poll_status, "error")
        self.assertTrue(self.down.last_poll_error)
        self.assertEqual(_TrackingHandler.hits["down"], 2, "one call and one retry")
        self.assertFalse(self.pickings["dd-down"].dealer_event_ids)
        self.assertEqual(self.ok.last_poll_status, "ok")
        ok_picking = self.pickings["dd-up"]
        self.assertEqual(ok_picking.dealer_event_ids.location_text, "Depot gate")
        self.assertEqual(ok_picking.dealer_event_ids.source, "carrier_api")
        self.assertEqual(ok_picking.sale_id.dealer_stage, "out_for_delivery")
        self.assertEqual(self.flaky.last_poll_status, "ok", "the 503 was retried")
        self.assertTrue(self.pickings["dd-flaky"].dealer_event_ids)

    def test_polling_again_does_not_duplicate(self):
        self.ok._dealer_poll_safely()
        self.ok._dealer_poll_safely()
        self.assertEqual(len(self.pickings["dd-up"].dealer_event_ids), 1)
        self.assertEqual(self.ok.last_poll_status, "ok")
