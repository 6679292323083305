"""F3: an emailed order is never placed on its From header alone. It waits
for a one-time link mailed to the stored address of the matched user, or is
submitted at once only when the company's own relay reports a DKIM pass for
the dealer's domain."""

import json
from datetime import timedelta
from email.utils import formataddr
from unittest.mock import patch

from odoo import fields, http
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_portal.tests.common import DealerPortalCommon, DealerPortalHttpCommon

from .intake_common import RELAY, WHATSAPP_SECRET, IntakeTestMixin

INTAKE_LOGGER = "odoo.addons.dealer_order_intake.models.dealer_order_intake"


class IntakeEmailSetup(IntakeTestMixin):
    @classmethod
    def _setup_intake(cls):
        cls.Intake = cls.env["dealer.order.intake"]
        cls.public_user = cls.env.ref("base.public_user")
        for user in (cls.user_a_desk, cls.user_a_desk2, cls.user_a_ware, cls.user_b_desk):
            user.dealer_order_email = user.partner_id.email

    def _orders_of(self, user):
        return self.env["sale.order"].search([("partner_id", "=", user.partner_id.id)])


@tagged("post_install", "-at_install")
class TestIntakeEmailConfirmation(IntakeEmailSetup, DealerPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_intake()

    def test_spoofed_from_places_no_order_and_the_link_goes_to_the_stored_address(self):
        mails_before = self.env["mail.mail"].search([]).ids
        raw = self._raw_email(
            f"Alpha Orders <{self.user_a_desk.email}>",
            "BP-220 500\nDC-DRILL 400",
            subject="=HYPERLINK(evil)",
            reply_to="attacker@evil.example",
        )
        intake = self._process_email(raw)
        self.assertEqual(intake.state, "awaiting")
        self.assertEqual(intake.user_id, self.user_a_desk)
        order = intake.order_id
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dealer_submitted_at)
        self.assertFalse(order.dealer_attempt_ids, "nothing was submitted")
        self.assertFalse(order.website_id, "a draft quotation, not the dealer's portal cart")
        self.assertFalse(
            self.env["sale.order"].search(
                [("partner_id", "=", self.user_a_desk.partner_id.id), ("website_id", "!=", False)]
            ),
            "nothing lands in the dealer's portal cart",
        )
        mails = self.env["mail.mail"].search([("id", "not in", mails_before)])
        self.assertEqual(len(mails), 1, "only the confirmation link is mailed")
        self.assertEqual(mails.email_to, formataddr((self.user_a_desk.name, self.user_a_desk.email)))
        self.assertFalse(mails.recipient_ids)
        self.assertNotIn("evil.example", mails.email_to)
        token = self._link_token(intake)
        self.assertNotIn(token, "".join(intake.message_ids.mapped("body")), "the link never enters the chatter")
        self.assertNotIn(token, intake.sudo().confirm_token_hash or "", "only a hash is kept")
        self.assertFalse(intake.message_partner_ids, "the From header's partner does not follow the answers")

    def test_link_with_the_token_submits_the_order_once(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2\nDC-BOLT x 20"))
        token = self._link_token(intake)
        result = intake._dealer_confirm_by_link(token, self.public_user)
        self.assertEqual(result["outcome"], "confirmed")
        self.assertIn("is confirmed", result["text"])
        order = intake.order_id
        self.assertEqual((intake.state, intake.confirmed_by), ("confirmed", "link"))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_submitted_by, self.user_a_desk)
        self.assertEqual(order.dealer_attempt_ids.channel, "email")
        answer = intake.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(answer.partner_ids, self.user_a_desk.partner_id)
        again = intake._dealer_confirm_by_link(token, self.public_user)
        self.assertIn("already used", again["error"])
        self.assertEqual(len(order.dealer_attempt_ids), 1)

    def test_wrong_used_and_expired_tokens_are_refused(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        token = self._link_token(intake)
        other = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 3", subject="PO 2"))
        wrong = (token[:-1] + ("A" if token[-1] != "A" else "B"), "", None, self._link_token(other), ["x"])
        for bad in wrong:
            result = intake._dealer_confirm_by_link(bad, self.public_user)
            self.assertIn("not valid", result["error"], repr(bad))
        self.assertEqual(intake.state, "awaiting")
        intake.confirm_expiry = fields.Datetime.now() - timedelta(minutes=1)
        result = intake._dealer_confirm_by_link(token, self.public_user)
        self.assertIn("expired", result["error"])
        self.assertEqual(intake.state, "expired")
        self.assertEqual(intake.order_id.state, "cancel", "the quotation nobody confirmed is cancelled")
        self.assertFalse(intake.order_id.dealer_submitted_at)
        self.assertIn("not valid", intake._dealer_confirm_by_link(token, self.public_user)["error"])

    def test_a_user_archived_since_cannot_confirm(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        token = self._link_token(intake)
        self.user_a_desk.active = False
        result = intake._dealer_confirm_by_link(token, self.public_user)
        self.assertIn("not a portal user", result["error"])
        self.assertEqual(intake.state, "rejected")
        self.assertFalse(intake.order_id.dealer_submitted_at)

    def test_signed_in_user_confirms_without_the_token_nobody_else(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        for visitor in (self.user_b_desk, self.user_a_desk2, self.public_user):
            self.assertIn("not valid", intake._dealer_confirm_by_link(None, visitor)["error"])
        self.assertEqual(intake._dealer_confirm_by_link(None, self.user_a_desk)["outcome"], "confirmed")

    def test_trusted_relay_and_aligned_dkim_submit_at_once(self):
        self.company.dealer_intake_relay_authserv_id = RELAY
        header = f"{RELAY} 1; dkim=pass (good signature) header.d=example.com header.s=s1; spf=pass"
        raw = self._raw_email(self.user_a_desk.email, "DC-DRILL 2", headers=[("Authentication-Results", header)])
        intake = self._process_email(raw)
        self.assertEqual((intake.state, intake.confirmed_by), ("confirmed", "relay"), intake.reason)
        self.assertEqual(intake.order_id.state, "sale")
        self.assertFalse(self._link_mail(intake))

    def test_forged_authentication_results_are_ignored(self):
        ok = f"{RELAY}; dkim=pass header.d=example.com"
        cases = {
            "another server's header": [
                ("Authentication-Results", "mx.attacker.example; dkim=pass header.d=example.com")
            ],
            "forged relay header under the relay's own": [
                ("Authentication-Results", f"{RELAY}; dkim=fail header.d=example.com"),
                ("Authentication-Results", ok),
            ],
            "forged relay header under another one": [
                ("Authentication-Results", "mx.attacker.example; none"),
                ("Authentication-Results", ok),
            ],
            "signed by another domain": [("Authentication-Results", f"{RELAY}; dkim=pass header.d=evil.example")],
            "signed by a top-level domain": [("Authentication-Results", f"{RELAY}; dkim=pass header.d=com")],
            "no signature": [("Authentication-Results", f"{RELAY}; spf=pass smtp.mailfrom=example.com")],
        }
        self.company.dealer_intake_relay_authserv_id = RELAY
        for n, (case, headers) in enumerate(cases.items()):
            raw = self._raw_email(self.user_a_desk.email, "DC-DRILL 2", subject=f"PO {n}", headers=headers)
            intake = self._process_email(raw)
            self.assertEqual(intake.state, "awaiting", case)
            self.assertEqual(intake.order_id.state, "draft", case)
        # No relay configured: even the relay's header is not trusted.
        self.company.dealer_intake_relay_authserv_id = False
        intake = self._process_email(
            self._raw_email(
                self.user_a_desk.email, "DC-DRILL 2", subject="PO x", headers=[("Authentication-Results", ok)]
            )
        )
        self.assertEqual(intake.state, "awaiting")

    def test_authentication_results_are_not_taken_from_a_callers_context(self):
        self.company.dealer_intake_relay_authserv_id = RELAY
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        manager = self.env["res.users"].create(
            {
                "name": "DC Intake Manager",
                "login": "dc_intake_manager",
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_manager").id])],
            }
        )
        forged = (f"{RELAY}; dkim=pass header.d=example.com",)
        intake.with_user(manager).with_context(dealer_portal_authentication_results=forged).message_post(
            body="DC-DRILL 5", message_type="email", email_from=self.user_a_desk.email
        )
        self.assertEqual(intake.state, "awaiting")
        self.assertEqual(intake.order_id.state, "draft")

    def test_reply_from_another_user_does_not_take_over_the_conversation(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        note = intake.message_ids.filtered(lambda m: m.message_id)[:1]
        self._process_email(self._raw_email(self.user_b_desk.email, "DC-DRILL 9", in_reply_to=note.message_id))
        self.assertEqual(intake.user_id, self.user_a_desk)
        self.assertEqual(intake.state, "rejected")
        self.assertEqual(intake.order_id.order_line.product_uom_qty, 2.0)
        self.assertFalse(self._orders_of(self.user_b_desk))

    def test_orders_are_created_in_the_users_company(self):
        other = self.env["res.company"].create({"name": "DC Gateway Company"})
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"), company=other)
        self.assertEqual(intake.company_id, self.user_a_desk.company_id)
        self.assertEqual(intake.order_id.company_id, self.user_a_desk.company_id)
        intake._dealer_confirm_by_link(self._link_token(intake), self.public_user)
        self.assertEqual(intake.order_id.state, "sale")
        self.assertEqual(intake.order_id.company_id, self.user_a_desk.company_id)

    def test_whatsapp_orders_are_created_in_the_users_company(self):
        self.user_a_desk.dealer_whatsapp_number = "+33 6 12 34 56 78"
        self.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)
        other = self.env["res.company"].create({"name": "DC Webhook Company"})
        body = self._whatsapp_payload("33612345678", "DC-DRILL 2", "wamid.company.1")
        status, payload = (
            self.Intake.with_company(other).sudo()._dealer_whatsapp_receive(body, self._whatsapp_signature(body))
        )
        self.assertEqual((status, payload), (200, {"accepted": 1}))
        intake = self.Intake.search([("external_id", "=", "wamid.company.1")])
        self.assertEqual(intake.state, "confirmed", intake.reason)
        self.assertEqual(intake.company_id, self.user_a_desk.company_id)
        self.assertEqual(intake.order_id.company_id, self.user_a_desk.company_id)

    def test_unauthorised_senders_content_is_never_parsed(self):
        QuickOrder = type(self.env["dealer.quick.order"])
        never = AssertionError("parsed before the sender was authorised")
        self.user_a_desk2.dealer_order_email = self.user_a_desk.email  # ambiguous
        with (
            patch.object(QuickOrder, "_parse_text", side_effect=never),
            patch.object(QuickOrder, "_parse_file", side_effect=never),
            mute_logger("odoo.addons.mail.models.mail_thread", INTAKE_LOGGER),
        ):
            for n, (sender, attachment) in enumerate(
                (
                    ("stranger@unknown.example", None),
                    ("stranger@unknown.example", ("order.xlsx", b"PK\x03\x04" + b"\x00" * 100)),
                    (self.user_a_ware.email, None),  # known, without the order-desk role
                    (self.user_a_desk.email, None),  # ambiguous
                )
            ):
                raw = self._raw_email(sender, "DC-DRILL 2", subject=f"PO {n}", attachment=attachment)
                intake = self._process_email(raw)
                self.assertEqual(intake.state, "rejected", f"{sender}: {intake.reason}")
                self.assertFalse(intake.order_id)
            body = self._whatsapp_payload("4915112345678", "DC-DRILL 2", "wamid.unknown.1")
            self.env["ir.config_parameter"].sudo().set_param("dealer_portal.whatsapp_app_secret", WHATSAPP_SECRET)
            self.Intake.sudo()._dealer_whatsapp_receive(body, self._whatsapp_signature(body))
            self.assertEqual(self.Intake.search([("external_id", "=", "wamid.unknown.1")]).state, "rejected")

    def test_a_message_that_fails_is_marked_and_the_next_one_goes_through(self):
        Intake = type(self.Intake)
        with (
            patch.object(Intake, "_dealer_email_rows", side_effect=RuntimeError("parser bug")),
            mute_logger(INTAKE_LOGGER),
        ):
            failed = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2", subject="PO bad"))
        self.assertEqual(failed.state, "failed")
        self.assertIn("RuntimeError: parser bug", failed.reason)
        self.assertFalse(failed.order_id, "its work was rolled back")
        self.assertIn("could not be processed", failed.message_ids[0].body)
        good = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2", subject="PO good"))
        self.assertEqual(good.state, "awaiting")
        # The dealer's corrected reply on the failed thread is processed again.
        note = failed.message_ids.filtered(lambda m: m.message_id)[-1:]
        again = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 3", in_reply_to=note.message_id))
        self.assertEqual(again, failed)
        self.assertEqual(failed.state, "awaiting")


@tagged("post_install", "-at_install")
class TestIntakeEmailConfirmationLink(IntakeEmailSetup, DealerPortalHttpCommon):
    """The link, followed in a browser: GET shows the order, POST places it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_intake()

    def url_open(self, url, data=None, files=None, timeout=60, **kwargs):
        return super().url_open(url, data=data, files=files, timeout=timeout, **kwargs)

    def test_following_the_link_places_the_order(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        token = self._link_token(intake)
        url = f"/dealer_portal/intake/{intake.id}/confirm"
        self.authenticate(None, None)
        page = self.url_open(f"{url}?token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Place the order", page.text)
        self.assertIn("DC Cordless Drill", page.text)
        self.assertEqual(intake.order_id.state, "draft", "opening the link (a mail scanner does) places nothing")
        csrf = http.Request.csrf_token(self)
        res = self.url_open(url, data={"token": token, "csrf_token": csrf})
        self.assertEqual(res.status_code, 200)
        self.assertIn("is confirmed", res.text)
        self.assertEqual(intake.order_id.state, "sale")
        self.assertEqual(intake.order_id.dealer_submitted_by, self.user_a_desk)
        again = self.url_open(url, data={"token": token, "csrf_token": csrf})
        self.assertEqual(again.status_code, 403)
        self.assertIn("already used", again.text)

    def test_a_wrong_token_shows_nothing(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        url = f"/dealer_portal/intake/{intake.id}/confirm"
        self.authenticate(None, None)
        for query in ("?token=guess", "", "?token=" + "A" * 43):
            page = self.url_open(url + query)
            self.assertEqual(page.status_code, 403)
            self.assertNotIn("DC Cordless Drill", page.text)
        res = self.url_open(url, data={"token": "guess", "csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(res.status_code, 403)
        self.assertEqual(self.url_open("/dealer_portal/intake/999999/confirm?token=x").status_code, 403)
        self.assertEqual(intake.state, "awaiting")
        self.assertEqual(intake.order_id.state, "draft")

    def test_the_dealer_user_signed_in_confirms_without_the_token(self):
        intake = self._process_email(self._raw_email(self.user_a_desk.email, "DC-DRILL 2"))
        url = f"/dealer_portal/intake/{intake.id}/confirm"
        self.authenticate(self.user_b_desk.login, self.user_b_desk.login)
        res = self.url_open(url, data={"csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(res.status_code, 403)
        self.authenticate(self.user_a_desk.login, self.user_a_desk.login)
        res = self.url_open(url, data={"csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(res.status_code, 200)
        self.assertEqual(intake.order_id.state, "sale")

    def test_a_signed_in_user_cannot_play_the_mail_gateway_over_rpc(self):
        """The gateway's ``message_process`` is a public method: a user who
        is not the gateway (another dealer's user, a warehouse user, an
        internal salesperson) calling it over JSON-RPC with an email in a
        dealer user's name and a forged relay header places no order."""
        self.company.dealer_intake_relay_authserv_id = RELAY
        header = f"{RELAY} 1; dkim=pass (good signature) header.d=example.com header.s=s1"
        raw = self._raw_email(self.user_a_desk.email, "DC-DRILL 2", headers=[("Authentication-Results", header)])
        salesman = new_test_user(self.env, login="dc_rt_intake_sales", groups="sales_team.group_sale_salesman")
        for attacker in (self.user_b_desk, self.user_a_ware, salesman):
            self.authenticate(attacker.login, attacker.login)
            with mute_logger("odoo.http", INTAKE_LOGGER):
                self.url_open(
                    "/web/dataset/call_kw/dealer.order.intake/message_process",
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "model": "dealer.order.intake",
                                "method": "message_process",
                                "args": ["dealer.order.intake", raw.replace("intake-test-", f"rpc-{attacker.id}-")],
                                "kwargs": {},
                            },
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
        orders = self._orders_of(self.user_a_desk)
        self.assertFalse(orders.filtered(lambda o: o.state == "sale"), "a forged relay header placed no order")
        self.assertFalse(orders.filtered("dealer_submitted_at"))
