"""Helpers of the order intake tests: raw emails as a mail server delivers
them, and the WhatsApp Cloud API's signed webhook calls."""

import hashlib
import hmac
import json
import re
import time
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

WEBHOOK = "/dealer_portal/whatsapp/webhook"
WHATSAPP_SECRET = "app-secret-for-intake-tests"
RELAY = "mx.maker.example"


class IntakeTestMixin:
    _intake_counter = 0

    def _raw_email(self, sender, body, subject="PO 4711", attachment=None, headers=(), reply_to=None, in_reply_to=None):
        """An email as the mail server hands it to Odoo. ``headers`` are
        ``(name, value)`` pairs written on top, in order (the topmost first,
        as the last relay prepends its own)."""
        IntakeTestMixin._intake_counter += 1
        if attachment:
            msg = MIMEMultipart()
            msg.attach(MIMEText(body, "plain", "utf-8"))
            name, content = attachment
            part = MIMEApplication(content, Name=name)
            part["Content-Disposition"] = f'attachment; filename="{name}"'
            msg.attach(part)
        else:
            msg = MIMEText(body, "plain", "utf-8")
        for name, value in headers:
            msg[name] = value
        msg["From"] = sender
        if reply_to:
            msg["Reply-To"] = reply_to
        msg["To"] = "dealer-orders@example.com"
        msg["Subject"] = subject
        msg["Message-ID"] = f"<intake-test-{self._intake_counter}-{id(self)}@sender.example>"
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
            msg["References"] = in_reply_to
        return msg.as_string()

    def _process_email(self, raw, company=None):
        MailThread = self.env["mail.thread"]
        if company:
            MailThread = MailThread.with_company(company)
        thread_id = MailThread.message_process("dealer.order.intake", raw)
        return self.env["dealer.order.intake"].browse(thread_id)

    def _link_mail(self, intake):
        """The confirmation email of ``intake``'s last message."""
        return self.env["mail.mail"].search(
            [("body_html", "like", f"/dealer_portal/intake/{intake.id}/confirm?token=")], order="id desc", limit=1
        )

    def _link_token(self, intake):
        mail = self._link_mail(intake)
        self.assertTrue(mail, "a confirmation link was sent")
        return re.search(r"confirm\?token=([\w-]+)", mail.body_html).group(1)

    def _whatsapp_payload(self, phone, text, message_id, timestamp=None):
        message = {
            "from": phone,
            "id": message_id,
            "timestamp": str(int(time.time()) if timestamp is None else timestamp),
            "type": "text",
            "text": {"body": text},
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": "10987"},
            "contacts": [{"wa_id": phone, "profile": {"name": "Sender"}}],
            "messages": [message],
        }
        return json.dumps(
            {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"value": value}]}]}
        ).encode()

    @staticmethod
    def _whatsapp_signature(body, secret=WHATSAPP_SECRET):
        return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    def _whatsapp_receive(self, phone, text, message_id):
        """Replay ``text`` from ``phone`` as the webhook receives it (signed
        with the app secret, in an HttpCase): the intake it made."""
        body = self._whatsapp_payload(phone, text, message_id)
        res = self.url_open(
            WEBHOOK,
            data=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": self._whatsapp_signature(body)},
        )
        self.assertEqual(res.json(), {"accepted": 1})
        return self.env["dealer.order.intake"].search([("channel", "=", "whatsapp"), ("external_id", "=", message_id)])
