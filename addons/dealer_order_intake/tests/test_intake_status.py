import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

from odoo import fields
from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon

from ..tools import status
from .intake_common import WHATSAPP_SECRET, IntakeTestMixin


class _GraphApi(BaseHTTPRequestHandler):
    """The WhatsApp Cloud API's send endpoint: records each message."""

    sent = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).sent.append(json.loads(body))
        payload = b'{"messages": [{"id": "wamid.out"}]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestIntakeStatusQuestions(IntakeTestMixin, DealerPortalHttpCommon):
    """A dealer's email or WhatsApp asking where an order is gets the
    order's stage, expected delivery and tracking links at once; a question
    that names none of the dealer's own orders goes to a person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), _GraphApi)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls.server.shutdown)
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)
        set_param("dealer_portal.whatsapp_access_token", "token-123")
        set_param("dealer_portal.whatsapp_phone_number_id", "10987")
        set_param("dealer_portal.whatsapp_api_url", f"http://127.0.0.1:{cls.server.server_port}/v21.0")
        for user in (cls.user_a_desk, cls.user_a_ware, cls.user_b_desk):
            user.dealer_order_email = user.email
        cls.user_a_desk.dealer_whatsapp_number = "+33 6 12 34 56 78"
        cls.user_a_ware.dealer_whatsapp_number = "+33 6 99 88 77 66"
        cls.dealer_a.user_id = cls.user_salesman
        cls.Intake = cls.env["dealer.order.intake"]

        # Dealer A's order, confirmed and shipped with a carrier; dealer B's.
        cls.eta = fields.Datetime.now() + timedelta(days=4)
        cls.a_order = cls._confirmed_order(cls.user_a_desk, "NW-2291", cls.eta)
        carrier = cls.env["delivery.carrier"].create(
            {
                "name": "DC Freight",
                "delivery_type": "fixed",
                "product_id": cls.env["product.product"].create({"name": "DC Freight", "type": "service"}).id,
                "tracking_url": "https://track.example.com/?ref=<shipmenttrackingnumber>",
            }
        )
        cls.a_order.picking_ids.write({"carrier_id": carrier.id, "carrier_tracking_ref": "TRK-778899"})
        cls.b_order = cls._confirmed_order(cls.user_b_desk, "BETA-7788", cls.eta)
        cls.n = 0

    @classmethod
    def _confirmed_order(cls, user, ref, commitment):
        order = cls._dealer_cart(user, [(cls.p_drill, 1)], client_order_ref=ref, commitment_date=commitment)
        result = order.with_user(user).sudo().action_dealer_submit(channel="portal")
        assert result["outcome"] == "confirmed", result
        order._dealer_run_fulfilment()
        return order

    def setUp(self):
        super().setUp()
        _GraphApi.sent = []

    def _email(self, user, body, subject="Question"):
        return self._process_email(self._raw_email(user.email, body, subject=subject))

    def _whatsapp(self, phone, text):
        type(self).n += 1
        return self._whatsapp_receive(phone, text, f"wamid.status.{self.n}")

    def _reply(self, intake):
        return intake.message_ids.filtered(lambda m: m.message_type == "comment")[:1]

    def _assert_status_of_a_order(self, text):
        self.assertIn(self.a_order.name, text)
        self.assertIn("NW-2291", text)
        self.assertIn(self.a_order._dealer_stage_info()[self.a_order.id][1], text, "the stage")
        self.assertIn(fields.Date.to_string(self.a_order._dealer_expected_date().date()), text, "the ETA")
        self.assertIn(f"/my/orders/{self.a_order.id}/track", text, "the portal's tracking page")
        self.assertIn("https://track.example.com/?ref=TRK-778899", text, "the carrier's link")

    # ------------------------------------------------------------------
    # Recognition
    # ------------------------------------------------------------------
    def test_questions_and_references_are_recognised(self):
        for text in ("where is S00047", "Status of PO NW-2291?", "any update on my order 47?", "ETA for 4711"):
            self.assertTrue(status.asks_status(text), text)
        for text in ("DC-DRILL 2\nDC-BOLT x 20", "Please send 4 gearboxes", ""):
            self.assertFalse(status.asks_status(text), text)
        self.assertEqual(status.references("Status of PO NW-2291, order S00047?"), ["NW-2291", "S00047"])
        self.assertTrue(status.names_order("47", "S00047", False))
        self.assertFalse(status.names_order("47", "S00147", False))
        self.assertTrue(status.names_order("NW2291", "S00001", "PO NW-2291"))
        self.assertFalse(status.names_order("2291", "S00001", "NW-2291"), "a part of a reference is not it")

    def test_the_dealers_order_is_found_by_number_po_or_bare_number(self):
        Intake = self.Intake
        number = str(status.trailing_number(self.a_order.name))
        for text in (
            f"where is {self.a_order.name}",
            "status of PO NW-2291",
            f"any update on my order {number}?",
        ):
            self.assertEqual(Intake._dealer_status_request(self.user_a_desk, text), self.a_order, text)
        self.assertIsNone(Intake._dealer_status_request(self.user_a_desk, "DC-DRILL 2"))
        # Another dealer's order is not found, by number nor by PO.
        for text in (f"where is {self.b_order.name}", "status of BETA-7788"):
            self.assertFalse(Intake._dealer_status_request(self.user_a_desk, text), text)
            self.assertEqual(Intake._dealer_status_request(self.user_b_desk, text), self.b_order, text)

    # ------------------------------------------------------------------
    # Email
    # ------------------------------------------------------------------
    def test_email_status_question_is_answered_at_once(self):
        orders_before = self.env["sale.order"].search_count([])
        intake = self._email(self.user_a_desk, "Hello,\n\nwhere is our PO NW-2291?\n\nThanks")
        self.assertEqual(intake.state, "answered", intake.reason)
        self.assertEqual((intake.user_id, intake.partner_id), (self.user_a_desk, self.dealer_a))
        self._assert_status_of_a_order(intake.reason)
        reply = self._reply(intake)
        self._assert_status_of_a_order(reply.body)
        self.assertEqual(reply.partner_ids, self.user_a_desk.partner_id, "answered to the user, not the From")
        self.assertFalse(intake.order_id)
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before, "no order was created")
        self.assertFalse(self._link_mail(intake), "a question needs no confirmation link")

    def test_question_in_the_subject(self):
        intake = self._email(self.user_a_desk, "Thanks", subject=f"Status of {self.a_order.name}")
        self.assertEqual(intake.state, "answered", intake.reason)
        self._assert_status_of_a_order(intake.reason)

    def test_question_naming_no_order_goes_to_a_person(self):
        intake = self._email(self.user_a_desk, "Any update on my order? It is urgent.")
        self.assertEqual(intake.state, "status_pending")
        self.assertIn("a colleague will answer you", intake.reason)
        self.assertEqual(self._reply(intake).partner_ids, self.user_a_desk.partner_id, "the dealer is told")
        activity = intake.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_salesman, "the dealer's salesperson")
        self.assertIn("It is urgent", activity.note)
        self.assertNotEqual(intake.state, "failed")

    def test_another_dealers_order_number_is_not_answered(self):
        intake = self._email(self.user_a_desk, f"where is {self.b_order.name}? and PO BETA-7788")
        self.assertEqual(intake.state, "status_pending")
        for leak in (f"/my/orders/{self.b_order.id}/", "Expected delivery", "TRK-"):
            self.assertNotIn(leak, intake.reason)
            self.assertNotIn(leak, self._reply(intake).body)
        self.assertEqual(intake.activity_ids.user_id, self.user_salesman)

    def test_order_lines_with_a_status_word_still_make_an_order(self):
        intake = self._email(self.user_a_desk, "Update of our stock, please send:\nDC-DRILL 2\nDC-BOLT x 20")
        self.assertEqual(intake.state, "awaiting", intake.reason)
        self.assertEqual(intake.order_id.order_line.product_id, self.p_drill | self.p_bolt)
        self.assertFalse(intake.activity_ids)

    def test_plain_order_email_still_makes_an_order(self):
        intake = self._email(self.user_a_desk, "DC-DRILL 3", subject="PO 9000")
        self.assertEqual(intake.state, "awaiting", intake.reason)
        self.assertEqual(intake.order_id.order_line.product_uom_qty, 3)

    def test_reply_on_a_placed_orders_thread_is_about_its_order(self):
        intake = self._email(self.user_a_desk, "DC-DRILL 2", subject="PO 5150")
        intake._dealer_confirm_by_link(self._link_token(intake), self.env.ref("base.public_user"))
        self.assertEqual(intake.state, "confirmed", intake.reason)
        order = intake.order_id
        thread_reply = self._reply(intake)
        again = self._process_email(
            self._raw_email(
                self.user_a_desk.email, "Any update?\n\n> Your order is confirmed", in_reply_to=thread_reply.message_id
            )
        )
        self.assertEqual(again, intake)
        self.assertEqual(intake.state, "confirmed", "the intake keeps the outcome of its order")
        answer = self._reply(intake)
        self.assertNotEqual(answer, thread_reply)
        self.assertIn(order.name, answer.body)
        self.assertIn(f"/my/orders/{order.id}/track", answer.body)
        self.assertEqual(answer.partner_ids, self.user_a_desk.partner_id)
        # Anything else on that thread is only kept, as before.
        self._process_email(
            self._raw_email(self.user_a_desk.email, "Thanks a lot", in_reply_to=thread_reply.message_id)
        )
        self.assertEqual(self._reply(intake), answer)
        self.assertEqual(intake.order_id, order)

    def test_looking_up_ten_references_costs_what_one_does(self):
        def queries(text):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            found = self.Intake._dealer_status_request(self.user_a_desk, text)
            self.env.flush_all()
            self.assertEqual(found, self.a_order, text)
            return self.cr.sql_log_count - before

        one = f"where is {self.a_order.name}"
        ten = "where is " + " ".join(f"X{n:05d}" for n in range(1, 10)) + f" {self.a_order.name}"
        queries(one)  # warm the caches
        self.assertEqual(queries(ten), queries(one))

    def test_warehouse_role_may_ask_but_not_order(self):
        intake = self._email(self.user_a_ware, f"When will {self.a_order.name} arrive?")
        self.assertEqual(intake.state, "answered", intake.reason)
        self._assert_status_of_a_order(intake.reason)
        intake = self._email(self.user_a_ware, "DC-DRILL 2")
        self.assertEqual(intake.state, "rejected")
        self.assertIn("order-desk role", intake.reason)

    def test_unknown_sender_gets_nothing(self):
        intake = self._process_email(self._raw_email("stranger@example.org", "status of PO NW-2291"))
        self.assertEqual(intake.state, "rejected")
        self.assertNotIn(self.a_order.name, intake.reason or "")
        self.assertFalse(self._reply(intake))

    # ------------------------------------------------------------------
    # WhatsApp
    # ------------------------------------------------------------------
    def test_whatsapp_status_question_is_answered_on_whatsapp(self):
        intake = self._whatsapp("33612345678", "Hi, status of PO NW-2291 please")
        self.assertEqual(intake.state, "answered", intake.reason)
        self._assert_status_of_a_order(intake.reason)
        self.assertEqual(intake.reply_state, "pending", "sent once committed")
        intake._dealer_whatsapp_send()
        self.assertEqual(intake.reply_state, "sent")
        self.assertEqual(len(_GraphApi.sent), 1)
        self.assertEqual(_GraphApi.sent[0]["to"], "33612345678")
        self._assert_status_of_a_order(_GraphApi.sent[0]["text"]["body"])

    def test_whatsapp_question_naming_another_dealers_order_goes_to_a_person(self):
        intake = self._whatsapp("33612345678", f"where is {self.b_order.name}")
        self.assertEqual(intake.state, "status_pending")
        intake._dealer_whatsapp_send()
        body = _GraphApi.sent[0]["text"]["body"]
        self.assertNotIn(self.b_order.name, body)
        self.assertNotIn(f"/my/orders/{self.b_order.id}/", body)
        self.assertIn("a colleague will answer you", body)
        self.assertEqual(intake.activity_ids.user_id, self.user_salesman)

    def test_whatsapp_order_still_makes_an_order(self):
        intake = self._whatsapp("33612345678", "DC-DRILL 2")
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self.assertEqual(intake.order_id.dealer_channel, "whatsapp")
