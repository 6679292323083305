import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_delivery.models.dealer_carrier_account import POLLING_ALLOWED_HOSTS_PARAM

from .common import DealerDeliveryCommon


class _TrackingHandler(BaseHTTPRequestHandler):
    """A carrier tracking API: /ok/<ref> answers events, /flaky/<ref> fails
    once with 503 then answers, /down/<ref> always fails, /moved/<ref>
    redirects to /ok/<ref> under another host name."""

    hits = {}

    def do_GET(self):
        kind, ref = self.path.strip("/").split("/", 1)
        self.hits[kind] = self.hits.get(kind, 0) + 1
        if kind == "moved":
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_port}/ok/{ref}")
            self.end_headers()
            return
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


class TrackingServerMixin:
    """A local tracking API on the loopback address, which the system
    parameter allows polling to reach over http."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), _TrackingHandler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.env["ir.config_parameter"].set_param(POLLING_ALLOWED_HOSTS_PARAM, "127.0.0.1")

    def setUp(self):
        super().setUp()
        _TrackingHandler.hits = {}

    @classmethod
    def _shipment_of(cls, account, tracking_ref=None):
        """A dispatched delivery order assigned to ``account``."""
        order = cls._make_order([(cls.product_a, 1)])
        cls._confirm(order)
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.write({"quantity": 1, "picked": True})
        picking._action_done()
        picking.write({"dealer_carrier_account_id": account.id, "carrier_tracking_ref": tracking_ref})
        return picking


@tagged("post_install", "-at_install")
class TestPolling(TrackingServerMixin, DealerDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
            cls.pickings[account.code] = cls._shipment_of(account, f"T-{account.code}")

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


@tagged("post_install", "-at_install")
class TestPollingGuards(TrackingServerMixin, DealerDeliveryCommon):
    """The tracking URL is fetched by the server with the account's API key:
    it must not become a way into the company's own network."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.product_a, cls.wh_1step, 50)
        cls.port = cls.server.server_port
        cls.account = cls.env["dealer.carrier.account"].create(
            {
                "name": "DD Guarded",
                "code": "dd-guarded",
                "polling_enabled": True,
                "polling_api_key": "carrier-api-key",
                "polling_retries": 0,
                "polling_timeout": 2,
                "polling_url_template": f"http://127.0.0.1:{cls.port}/ok/{{tracking_ref}}",
            }
        )
        cls.picking = cls._shipment_of(cls.account, "T-GUARD")
        cls.stock_manager = new_test_user(
            cls.env, login="dd_stock_manager", groups="stock.group_stock_manager", name="DD Stock Manager"
        )
        cls.admin = new_test_user(
            cls.env, login="dd_admin", groups="base.group_system,stock.group_stock_manager", name="DD Admin"
        )

    def _poll_error(self, template):
        """Point the account at ``template`` (as the superuser), poll it and
        return the recorded error, asserting nothing reached the server."""
        self.account.polling_url_template = template
        self.assertFalse(self.account._dealer_poll_safely())
        self.assertEqual(self.account.last_poll_status, "error")
        self.assertFalse(_TrackingHandler.hits, "no request reached the local server")
        self.assertFalse(self.picking.dealer_event_ids)
        return self.account.last_poll_error

    def test_only_administrators_set_the_tracking_url(self):
        url = "https://api.carrier.example/track/{tracking_ref}"
        Account = self.env["dealer.carrier.account"]
        with self.assertRaises(AccessError):
            Account.with_user(self.stock_manager).create(
                {"name": "DD Sneaky", "code": "dd-sneaky", "polling_url_template": url}
            )
        with self.assertRaises(AccessError):
            self.account.with_user(self.stock_manager).write({"polling_url_template": url})
        # The rest of the account stays theirs, polling included.
        self.account.with_user(self.stock_manager).write({"polling_timeout": 5, "polling_enabled": True})
        self.account.with_user(self.stock_manager).action_poll_now()
        self.assertEqual(self.account.last_poll_status, "ok")
        self.account.with_user(self.admin).write({"polling_url_template": url})
        self.assertEqual(self.account.polling_url_template, url)
        # The form shows stock managers the URL read-only, administrators editable.
        for user, readonly in ((self.stock_manager, True), (self.admin, False)):
            form = Account.with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            node = etree.fromstring(form).xpath("//field[@name='polling_url_template']")
            self.assertEqual(len(node), 1)
            self.assertEqual(node[0].get("readonly") in ("1", "True"), readonly, user.login)

    def test_tracking_url_must_be_https_to_a_fixed_host(self):
        refused = [
            "http://api.carrier.example/track/{tracking_ref}",
            "ftp://api.carrier.example/{tracking_ref}",
            "api.carrier.example/{tracking_ref}",
            "https://user:pass@api.carrier.example/{tracking_ref}",
            "https://{tracking_ref}.carrier.example/track",
            "https://api.carrier.example/{tracking_ref.__class__}",
            "https://api.carrier.example/{secret}",
        ]
        for template in refused:
            with self.subTest(template=template), self.assertRaises(ValidationError):
                self.account.polling_url_template = template
                self.account.flush_recordset()
        self.account.polling_url_template = "https://api.carrier.example/track/{tracking_ref}?ref={shipment}"
        self.account.flush_recordset()

    def test_non_public_addresses_are_refused(self):
        self.env["ir.config_parameter"].set_param(POLLING_ALLOWED_HOSTS_PARAM, "api.carrier.example")
        for template in (
            f"https://127.0.0.1:{self.port}/ok/{{tracking_ref}}",
            f"https://localhost:{self.port}/ok/{{tracking_ref}}",
            f"https://[::1]:{self.port}/ok/{{tracking_ref}}",
            "https://169.254.169.254/latest/meta-data/{shipment}",
            "https://10.20.30.40/track/{tracking_ref}",
            "https://192.168.1.1/track/{tracking_ref}",
        ):
            with self.subTest(template=template):
                self.assertIn("not a public address", self._poll_error(template))

    def test_allow_list_is_checked_at_every_poll(self):
        self.env["ir.config_parameter"].set_param(POLLING_ALLOWED_HOSTS_PARAM, "")
        self.assertFalse(self.account._dealer_poll_safely())
        self.assertIn("https", self.account.last_poll_error)
        self.assertFalse(_TrackingHandler.hits)
        # A network on the allow-list admits its addresses.
        self.env["ir.config_parameter"].set_param(POLLING_ALLOWED_HOSTS_PARAM, "10.0.0.0/8, 127.0.0.0/8")
        self.assertEqual(self.account._dealer_poll_safely(), 1)
        self.assertEqual(_TrackingHandler.hits, {"ok": 1})

    def test_redirects_are_not_followed(self):
        self.account.polling_url_template = f"http://127.0.0.1:{self.port}/moved/{{tracking_ref}}"
        self.assertFalse(self.account._dealer_poll_safely())
        self.assertIn("redirect", self.account.last_poll_error)
        self.assertEqual(_TrackingHandler.hits, {"moved": 1}, "the redirect target was never called")
        self.assertFalse(self.picking.dealer_event_ids)

    def test_retries_are_bounded_and_never_redirect(self):
        self.account.write({"polling_timeout": 3600, "polling_retries": 1000})
        retry = self.account._dealer_http_session().get_adapter("https://api.carrier.example/").max_retries
        self.assertLessEqual(retry.total, 5)
        self.assertEqual(retry.redirect, 0)
