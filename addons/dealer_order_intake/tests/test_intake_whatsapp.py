import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon

WEBHOOK = "/dealer_portal/whatsapp/webhook"
SECRET = "app-secret-for-tests"


class _GraphApi(BaseHTTPRequestHandler):
    """The WhatsApp Cloud API's send endpoint: records each message; a
    ``fail`` flag answers 500 instead."""

    sent = []
    fail = False

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).sent.append({"path": self.path, "auth": self.headers["Authorization"], "json": json.loads(body)})
        status = 500 if type(self).fail else 200
        payload = b'{"messages": [{"id": "wamid.out"}]}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestDealerOrderIntakeWhatsApp(DealerPortalHttpCommon):
    """Orders sent on WhatsApp: the Cloud API webhook, the same checks as the
    portal, and the answer sent back through the API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), _GraphApi)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.shutdown)
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("dealer_portal.whatsapp_verify_token", "verify-me")
        set_param("dealer_portal.whatsapp_app_secret", SECRET)
        set_param("dealer_portal.whatsapp_access_token", "token-123")
        set_param("dealer_portal.whatsapp_phone_number_id", "10987")
        set_param("dealer_portal.whatsapp_api_url", f"http://127.0.0.1:{cls.server.server_port}/v21.0")
        # Senders are matched on the WhatsApp number the back office sets on
        # the user: international on one, national (in the dealer's country,
        # Belgium) on another.
        cls.user_a_desk.dealer_whatsapp_number = "+33 6 12 34 56 78"
        cls.user_b_desk.dealer_whatsapp_number = "0470 12 34 56"
        cls.user_a_ware.dealer_whatsapp_number = "+33 6 99 88 77 66"
        cls.Intake = cls.env["dealer.order.intake"]
        cls.n = 0

    def setUp(self):
        super().setUp()
        _GraphApi.sent = []
        _GraphApi.fail = False

    def _payload(self, phone, text=None, message_type="text", message_id=None, timestamp=None):
        type(self).n += 1
        sent = int(time.time()) if timestamp is None else timestamp
        message = {"from": phone, "id": message_id or f"wamid.in.{self.n}", "timestamp": str(sent)}
        message["type"] = message_type
        if text is not None:
            message["text"] = {"body": text}
        return {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "1234",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {"phone_number_id": "10987"},
                                "contacts": [{"wa_id": phone, "profile": {"name": "Alex"}}],
                                "messages": [message],
                            },
                        }
                    ],
                }
            ],
        }

    def _post(self, payload, secret=SECRET, signature=None):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        if signature is None:
            signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json"}
        if signature:
            headers["X-Hub-Signature-256"] = signature
        return self.url_open(WEBHOOK, data=body, headers=headers)

    def _intake(self, message_id):
        return self.Intake.search([("channel", "=", "whatsapp"), ("external_id", "=", message_id)])

    def test_subscription_handshake(self):
        ok = self.url_open(f"{WEBHOOK}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=4242")
        self.assertEqual((ok.status_code, ok.text), (200, "4242"))
        bad = self.url_open(f"{WEBHOOK}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=4242")
        self.assertEqual(bad.status_code, 403)
        for token in ("v%C3%A9rify", "%F0%9F%94%91", ""):
            bad = self.url_open(f"{WEBHOOK}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=4242")
            self.assertEqual(bad.status_code, 403, "a non-ASCII token is refused, not a server error")

    def test_non_ascii_verify_token_is_refused(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_verify_token", "secret")
        res = self.url_open(
            "/dealer_portal/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=s%C3%A9cret&hub.challenge=42"
        )
        self.assertEqual(res.status_code, 403)

    def test_message_becomes_a_confirmed_order_and_the_answer_is_sent(self):
        res = self._post(self._payload("33612345678", "DC-DRILL 2\nDC-BOLT x20", message_id="wamid.A1"))
        self.assertEqual((res.status_code, res.json()), (200, {"accepted": 1}))
        intake = self._intake("wamid.A1")
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self.assertEqual(
            (intake.user_id, intake.partner_id, intake.sender), (self.user_a_desk, self.dealer_a, "+33612345678")
        )
        order = intake.order_id
        self.assertEqual((order.state, order.dealer_channel), ("sale", "whatsapp"))
        self.assertEqual(
            {l.product_id: l.product_uom_qty for l in order.order_line}, {self.p_drill: 2, self.p_bolt: 20}
        )
        self.assertIn(order.name, intake.reason)
        self.assertEqual(intake.reply_state, "pending", "sent once the order is committed")
        intake._dealer_whatsapp_send()
        self.assertEqual(intake.reply_state, "sent")
        self.assertEqual(len(_GraphApi.sent), 1)
        sent = _GraphApi.sent[0]
        self.assertEqual((sent["path"], sent["auth"]), ("/v21.0/10987/messages", "Bearer token-123"))
        self.assertEqual(sent["json"]["to"], "33612345678")
        self.assertIn(order.name, sent["json"]["text"]["body"])

    def test_signature_is_checked_before_anything(self):
        payload = self._payload("33612345678", "DC-DRILL 2", message_id="wamid.S1")
        with mute_logger("odoo.http"):
            self.assertEqual(self._post(payload, signature="").status_code, 401)
            self.assertEqual(self._post(payload, secret="wrong").status_code, 401)
            self.assertEqual(self._post(b"{not json", signature=None).status_code, 400)
        self.assertFalse(self._intake("wamid.S1"))
        self.assertFalse(
            self.env["sale.order"].search([("dealer_channel", "=", "whatsapp"), ("company_id", "=", self.company.id)])
        )

    def test_a_retried_message_is_taken_once(self):
        payload = self._payload("33612345678", "DC-DRILL 2", message_id="wamid.R1")
        self.assertEqual(self._post(payload).json(), {"accepted": 1})
        self.assertEqual(self._post(payload).json(), {"accepted": 0})
        self.assertEqual(len(self._intake("wamid.R1")), 1)
        self.assertEqual(len(self._intake("wamid.R1").order_id), 1)

    def test_national_number_with_the_contacts_country(self):
        self._post(self._payload("32470123456", "DC-DRILL 1\nDC-BOLT 20", message_id="wamid.B1"))
        intake = self._intake("wamid.B1")
        self.assertEqual(intake.user_id, self.user_b_desk)
        self.assertEqual(intake.order_id.order_line.product_id, self.p_drill, "bolts are not in Silver's catalog")
        self.assertEqual(intake.row_error_count, 1)
        self.assertIn("not in your catalog", intake.reason)

    def test_unknown_number_gets_no_order_and_no_answer(self):
        self._post(self._payload("4915112345678", "DC-DRILL 2", message_id="wamid.U1"))
        intake = self._intake("wamid.U1")
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id)
        self.assertFalse(intake.reply_state)

    def test_role_without_ordering_is_told_why(self):
        self._post(self._payload("33699887766", "DC-DRILL 2", message_id="wamid.W1"))
        intake = self._intake("wamid.W1")
        self.assertEqual(intake.state, "rejected")
        self.assertIn("order-desk role", intake.reason)
        self.assertEqual(intake.reply_state, "pending")

    def test_blocked_then_corrected_by_a_second_message(self):
        self._post(self._payload("33612345678", "DC-GEAR 4", message_id="wamid.X1"))
        first = self._intake("wamid.X1")
        self.assertEqual(first.state, "blocked")
        self.assertEqual(first.order_id.state, "draft")
        self.assertIn("could not be submitted", first.reason)
        self._post(self._payload("33612345678", "DC-DRILL 4", message_id="wamid.X2"))
        second = self._intake("wamid.X2")
        self.assertEqual(second.state, "confirmed")
        self.assertEqual(first.order_id.order_line.product_id, self.p_gear, "the blocked cart is left as it was")

    def test_media_message_gets_a_hint(self):
        self._post(self._payload("33612345678", message_type="image", message_id="wamid.I1"))
        intake = self._intake("wamid.I1")
        self.assertEqual(intake.state, "rejected")
        self.assertIn("Only text messages", intake.reason)

    def test_failed_answer_is_recorded_and_sent_again(self):
        self._post(self._payload("33612345678", "DC-DRILL 2", message_id="wamid.F1"))
        intake = self._intake("wamid.F1")
        _GraphApi.fail = True
        with mute_logger("odoo.addons.dealer_order_intake.models.dealer_order_intake"):
            intake._dealer_whatsapp_send()
        self.assertEqual(intake.reply_state, "failed")
        self.assertIn("not sent", intake.message_ids[0].body)
        _GraphApi.fail = False
        intake.action_dealer_resend_reply()
        self.assertEqual(intake.reply_state, "sent")
        self.assertEqual(len(_GraphApi.sent), 2)

    def test_not_configured_answers_503(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", "")
        res = self._post(self._payload("33612345678", "DC-DRILL 2", message_id="wamid.N1"), secret="x")
        self.assertEqual(res.status_code, 503)
        self.assertFalse(self._intake("wamid.N1"))

    def test_messages_outside_the_time_window_are_refused(self):
        now = int(time.time())
        for message_id, sent in (
            ("wamid.T.old", now - 25 * 3600),
            ("wamid.T.future", now + 3600),
            ("wamid.T.garbage", "yesterday"),
        ):
            with mute_logger("odoo.addons.dealer_order_intake.models.dealer_order_intake"):
                res = self._post(self._payload("33612345678", "DC-DRILL 2", message_id=message_id, timestamp=sent))
            self.assertEqual((res.status_code, res.json()), (200, {"accepted": 0}), message_id)
            self.assertFalse(self._intake(message_id), message_id)
        self.assertFalse(
            self.env["sale.order"].search([("dealer_channel", "=", "whatsapp"), ("company_id", "=", self.company.id)])
        )
        # A signed body replayed two days later is refused, whatever the
        # intakes kept.
        stale = self._payload("33612345678", "DC-DRILL 2", message_id="wamid.T.replay2", timestamp=now - 2 * 86400)
        with mute_logger("odoo.addons.dealer_order_intake.models.dealer_order_intake"):
            self.assertEqual(self._post(stale).json(), {"accepted": 0})
