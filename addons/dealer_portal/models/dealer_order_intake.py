import hashlib
import hmac
import json
import logging
import re

import requests
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import email_normalize, html2plaintext

_logger = logging.getLogger(__name__)

INTAKE_ERRORS = (UserError, ValidationError, AccessError, MissingError)
# Row messages quoted back to the dealer; the rest is counted.
MAX_REPLY_ROWS = 50
ORDER_FILE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")
MAX_WEBHOOK_BYTES = 1024 * 1024
WHATSAPP_PARAMS = {
    "verify_token": "dealer_portal.whatsapp_verify_token",
    "app_secret": "dealer_portal.whatsapp_app_secret",
    "access_token": "dealer_portal.whatsapp_access_token",
    "phone_number_id": "dealer_portal.whatsapp_phone_number_id",
    "api_url": "dealer_portal.whatsapp_api_url",
}
WHATSAPP_API_URL = "https://graph.facebook.com/v21.0"
WHATSAPP_TIMEOUT = 10
# WhatsApp text messages are capped at 4,096 characters.
WHATSAPP_MAX_TEXT = 4000


class DealerOrderIntake(models.Model):
    """An order a dealer sent by email or WhatsApp instead of the portal.

    The lines (an email's body or its CSV/XLSX attachment, a WhatsApp text)
    go through the quick order's parsing and catalog checks and the same
    submission pipeline as a portal order, as the dealer user who sent them.
    The dealer gets an answer on the same channel: the order number, the
    approval it waits for, or each issue with its hint. A blocked order is
    kept as the dealer's portal cart, and a corrected message tries again."""

    _name = "dealer.order.intake"
    _description = "Dealer Order Intake"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char("Subject", required=True, readonly=True)
    channel = fields.Selection(
        [("email", "Email"), ("whatsapp", "WhatsApp")], required=True, default="email", readonly=True
    )
    sender = fields.Char(readonly=True, help="The address or phone number the order came from.")
    external_id = fields.Char("Message ID", readonly=True, copy=False, help="The WhatsApp message id.")
    user_id = fields.Many2one("res.users", "Dealer User", readonly=True)
    partner_id = fields.Many2one("res.partner", "Dealer", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("rejected", "Not Accepted"),
            ("blocked", "Blocked"),
            ("approval", "Waiting for Approval"),
            ("confirmed", "Confirmed"),
        ],
        default="received",
        required=True,
        readonly=True,
        tracking=True,
    )
    reason = fields.Text("Answer", readonly=True, help="What the dealer was told.")
    reply_state = fields.Selection(
        [("pending", "To Send"), ("sent", "Sent"), ("failed", "Not Sent")],
        string="WhatsApp Answer",
        readonly=True,
        copy=False,
    )
    row_error_count = fields.Integer("Lines Not Taken", readonly=True)
    attempt_count = fields.Integer("Messages Processed", readonly=True)

    _sql_constraints = [
        ("external_id_uniq", "unique(channel, external_id)", "This message was already received."),
    ]

    # ------------------------------------------------------------------
    # Email: the mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        values.setdefault("name", (msg_dict.get("subject") or "").strip()[:200] or self.env._("Order by email"))
        values.setdefault("sender", (msg_dict.get("email_from") or "")[:200])
        return super().message_new(msg_dict, custom_values=values)

    def _message_post_after_hook(self, message, msg_values):
        """Each email the dealer sends on the thread (the first one, or a
        reply with corrected lines while the order is not submitted) is
        processed once it is stored with its attachments."""
        res = super()._message_post_after_hook(message, msg_values)
        if message.message_type == "email" and not self.env.context.get("dealer_intake_reply"):
            for intake in self.filtered(
                lambda i: i.channel == "email" and i.state in ("received", "blocked", "rejected")
            ):
                user = intake._dealer_email_user(message)
                rows, notices = intake._dealer_email_rows(message)
                intake._dealer_process(user, rows, notices)
        return res

    def _dealer_email_user(self, message):
        """The active portal user the email comes from, by its author, else
        by the normalised sender address; or an empty recordset."""
        # The mail gateway has no user of its own: the sender is looked up
        # among all users, and only a portal user's identity is returned.
        Users = self.env["res.users"].sudo()
        if message.author_id:
            user = Users.search([("partner_id", "=", message.author_id.id), ("share", "=", True)], limit=1)
            if user:
                return user
        email = email_normalize(message.email_from or "")
        if not email:
            return Users
        return Users.search([("partner_id.email_normalized", "=", email), ("share", "=", True)], limit=1)

    def _dealer_email_rows(self, message):
        """Parsed rows of the email: its order files, else its new text."""
        QuickOrder = self.env["dealer.quick.order"]
        files = message.attachment_ids.filtered(lambda a: (a.name or "").lower().endswith(ORDER_FILE_SUFFIXES))
        rows, notices = [], []
        for attachment in files.sorted("id"):
            parsed = QuickOrder._parse_file(attachment.name, attachment.raw)
            rows += parsed["rows"]
            notices += [f"{attachment.name}: {n}" for n in parsed["notices"]]
        if not files:
            parsed = QuickOrder._parse_text(_strip_quoted(html2plaintext(message.body or "")))
            rows, notices = parsed["rows"], parsed["notices"]
        return rows, notices

    # ------------------------------------------------------------------
    # WhatsApp: the Cloud API webhook
    # ------------------------------------------------------------------
    @api.model
    def _dealer_whatsapp_config(self):
        # Technical settings, readable by the system only.
        get = self.env["ir.config_parameter"].sudo().get_param
        config = {key: get(param) or "" for key, param in WHATSAPP_PARAMS.items()}
        config["api_url"] = (config["api_url"] or WHATSAPP_API_URL).rstrip("/")
        return config

    @api.model
    def _dealer_whatsapp_verify(self, mode, token, challenge):
        """The webhook subscription handshake: the challenge back when the
        verify token matches, else None."""
        expected = self._dealer_whatsapp_config()["verify_token"]
        if mode == "subscribe" and expected and token and hmac.compare_digest(expected, token):
            return challenge or ""
        return None

    @api.model
    def _dealer_whatsapp_receive(self, body, signature):
        """One webhook call of the WhatsApp Cloud API; return
        ``(http_status, dict)``. The body must be signed with the app secret
        (``X-Hub-Signature-256``); nothing is read before. Each text message
        from a dealer user becomes an intake, processed at once; a message
        id already received is skipped (the API retries)."""
        secret = self._dealer_whatsapp_config()["app_secret"]
        if not secret:
            return 503, {"error": "not_configured", "reason": "WhatsApp ordering is not set up"}
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not signature or not hmac.compare_digest(expected, signature.strip().lower()):
            return 401, {"error": "unauthorized", "reason": "the signature does not match"}
        if len(body) > MAX_WEBHOOK_BYTES:
            return 400, {"error": "malformed", "reason": "the body is too large"}
        try:
            data = json.loads(body.decode("utf-8"))
            messages = [
                (message, value.get("contacts") or [])
                for entry in data.get("entry") or []
                for change in entry.get("changes") or []
                for value in [change.get("value") or {}]
                for message in value.get("messages") or []
            ]
        except (UnicodeDecodeError, ValueError, AttributeError, TypeError) as exc:
            return 400, {"error": "malformed", "reason": f"not a WhatsApp webhook payload: {exc}"}
        accepted = []
        for message, contacts in messages:
            intake = self._dealer_whatsapp_message(message, contacts)
            if intake:
                accepted.append(intake.id)
        return 200, {"accepted": len(accepted)}

    @api.model
    def _dealer_whatsapp_message(self, message, contacts):
        """Record and process one incoming WhatsApp message; None when it
        was already received or carries no sender."""
        if not isinstance(message, dict):
            return None
        external_id = str(message.get("id") or "")[:200]
        phone = re.sub(r"\D", "", str(message.get("from") or ""))
        if not external_id or not phone:
            return None
        if self.sudo().search_count([("channel", "=", "whatsapp"), ("external_id", "=", external_id)], limit=1):
            return None
        name = next(
            (
                (c.get("profile") or {}).get("name")
                for c in contacts
                if isinstance(c, dict) and re.sub(r"\D", "", str(c.get("wa_id") or "")) == phone
            ),
            None,
        )
        text = ""
        if message.get("type") == "text":
            text = str((message.get("text") or {}).get("body") or "")
        # Written by the system: the webhook has no user, its signature was checked.
        intake = self.sudo().create(
            {
                "name": self.env._("WhatsApp from %(who)s", who=name or f"+{phone}")[:200],
                "channel": "whatsapp",
                "sender": f"+{phone}",
                "external_id": external_id,
            }
        )
        intake.message_post(body=text or self.env._("(a %(type)s message)", type=message.get("type") or "?"))
        parsed = self.env["dealer.quick.order"]._parse_text(text)
        if not text:
            parsed["notices"].append(self.env._("Only text messages can be read; type the lines."))
        intake._dealer_process(intake._dealer_whatsapp_user(phone), parsed["rows"], parsed["notices"])
        return intake

    def _dealer_whatsapp_user(self, phone):
        """The dealer portal user whose contact has this WhatsApp number
        (phone or mobile, international or national with the contact's
        country); or an empty recordset. One search."""
        # The webhook has no user (its signature was checked): the sender is
        # looked up among all users, and only a portal user is returned.
        Users = self.env["res.users"].sudo()
        tail = phone[-8:]
        if len(tail) < 6:
            return Users
        pattern = "%" + "%".join(tail)
        candidates = Users.search(
            [
                ("share", "=", True),
                "|",
                ("partner_id.mobile", "=like", pattern),
                ("partner_id.phone", "=like", pattern),
            ]
        )
        for user in candidates:
            partner = user.partner_id
            numbers = {_international(n, partner.country_id.phone_code) for n in (partner.mobile, partner.phone) if n}
            if phone in numbers:
                return user
        return Users

    def _dealer_whatsapp_send(self):
        """Send the stored answers of WhatsApp intakes through the Cloud
        API; a failure is recorded and can be retried."""
        config = self._dealer_whatsapp_config()
        for intake in self.filtered(lambda i: i.channel == "whatsapp" and i.reply_state in ("pending", "failed")):
            if not (config["access_token"] and config["phone_number_id"]):
                intake.reply_state = "failed"
                intake.message_post(body=self.env._("The answer was not sent: WhatsApp sending is not set up."))
                continue
            try:
                response = requests.post(
                    f"{config['api_url']}/{config['phone_number_id']}/messages",
                    json={
                        "messaging_product": "whatsapp",
                        "to": intake.sender.lstrip("+"),
                        "type": "text",
                        "text": {"body": (intake.reason or "")[:WHATSAPP_MAX_TEXT]},
                    },
                    headers={"Authorization": f"Bearer {config['access_token']}"},
                    timeout=WHATSAPP_TIMEOUT,
                )
                response.raise_for_status()
            except requests.RequestException as exc:
                _logger.warning("WhatsApp answer of %s not sent: %s", intake.display_name, exc)
                intake.reply_state = "failed"
                intake.message_post(body=self.env._("The answer was not sent: %(error)s", error=str(exc)[:300]))
                continue
            intake.reply_state = "sent"

    def action_dealer_resend_reply(self):
        self.check_access("write")
        self._dealer_whatsapp_send()
        return True

    # ------------------------------------------------------------------
    # Processing, whatever the channel
    # ------------------------------------------------------------------
    def _dealer_process(self, user, rows, notices):
        """Turn one message's ``rows`` into a submitted order, as ``user``
        (the sender), and answer on the message's channel."""
        self.ensure_one()
        self.attempt_count += 1
        dealer_sudo = user._dealer_commercial_partner() if user else self.env["res.partner"]
        if not user:
            # Unknown senders get no answer: replying would feed spam.
            return self._dealer_reject(self.env._("The sender is not a portal user of a dealer."), notify=False)
        self.write({"user_id": user.id, "partner_id": dealer_sudo.id or user.partner_id.commercial_partner_id.id})
        if not dealer_sudo:
            return self._dealer_reject(
                self.env._("Your address is not set up to order from us. Contact your account manager.")
            )
        if not user._dealer_has_role("order_desk"):
            return self._dealer_reject(
                self.env._("Ordering needs the order-desk role. Ask your company's portal administrator.")
            )
        resolved = self.env["dealer.quick.order"].with_user(user)._resolve_rows(dealer_sudo, rows)
        row_errors = resolved["errors"]
        if not resolved["entries"]:
            text = self.env._(
                'No order lines were found. Write one line per product, like "DC-1001 5", or attach a CSV or '
                "Excel file with SKU and quantity columns."
            )
            return self._dealer_reject(text, row_errors=row_errors, notices=notices)
        try:
            with self.env.cr.savepoint():
                order_sudo = self._dealer_intake_order(user)
                order_sudo._dealer_cart_add_lines(resolved["entries"])
                result = order_sudo.action_dealer_submit(channel=self.channel)
        except INTAKE_ERRORS as exc:
            return self._dealer_reject(str(exc), row_errors=row_errors, notices=notices)
        self._dealer_answer(order_sudo, result, row_errors, notices)
        return result

    def _dealer_intake_order(self, user):
        """The draft order this message fills: the one a blocked earlier
        message left, emptied, or a new one. Sudo as the dealer user, like a
        portal cart, so the order desk's checks apply."""
        order_sudo = self.order_id.with_user(user).sudo()
        if order_sudo and order_sudo.state == "draft" and not order_sudo.dealer_submitted_at:
            order_sudo.order_line.filtered(lambda l: not l.display_type).unlink()
            return order_sudo
        # Only the website's id is needed, to make the order the dealer's cart.
        website = self.env["website"].sudo().search([("company_id", "=", self.company_id.id)], limit=1)
        order_sudo = (
            self.env["sale.order"]
            .with_user(user)
            .sudo()
            .create(
                {
                    "partner_id": user.partner_id.id,
                    "company_id": self.company_id.id,
                    "dealer_channel": self.channel,
                    "client_order_ref": self.name[:64] if self.channel == "email" else False,
                    # A website order is the dealer's portal cart: a blocked
                    # order waits there to be fixed and submitted.
                    "website_id": website.id or False,
                    "origin": self.name[:64],
                }
            )
        )
        self.order_id = order_sudo.id
        return order_sudo

    def _dealer_reject(self, text, row_errors=(), notices=(), notify=True):
        self.write({"state": "rejected", "row_error_count": len(row_errors)})
        self._dealer_reply([(text, [])], row_errors, notices, notify=notify)
        return {"outcome": "rejected", "issues": [], "order_id": self.order_id.id}

    def _dealer_answer(self, order_sudo, result, row_errors, notices):
        outcome = result["outcome"]
        name = order_sudo.name
        if outcome == "confirmed":
            text = self.env._("Thank you. Your order %(name)s is confirmed.", name=name)
            expected = order_sudo._dealer_expected_date()
            if expected:
                when = fields.Date.to_string(fields.Date.to_date(expected))
                text += " " + self.env._("Expected delivery: %(date)s.", date=when)
            parts, state = [(text, [])], "confirmed"
        elif outcome == "approval":
            text = self.env._(
                "Your order %(name)s was received and waits for our approval: %(reason)s",
                name=name,
                reason=order_sudo._dealer_approval_reason_text(result["issues"]),
            )
            parts, state = [(text, [])], "approval"
        else:
            text = self.env._(
                "Your order %(name)s could not be submitted. It is saved in your portal cart: correct it "
                "there and submit it, or answer this message with the corrected lines.",
                name=name,
            )
            issues = [
                " ".join(filter(None, (issue["message"], issue.get("hint"))))
                for issue in result["issues"]
                if issue["severity"] == "block"
            ]
            parts, state = [(text, issues)], "blocked"
        self.write({"state": state, "row_error_count": len(row_errors)})
        order_sudo.message_post(
            body=self.env._("Received by %(channel)s from %(sender)s.", channel=self.channel, sender=self.sender or "")
        )
        self._dealer_reply(parts, row_errors, notices, portal_url=order_sudo.get_portal_url())

    def _dealer_reply(self, parts, row_errors=(), notices=(), portal_url=None, notify=True):
        """Store the answer and give it to the dealer: by email in the
        thread, or through WhatsApp after the commit. ``parts`` is a list of
        ``(paragraph, [bullet])``."""
        parts = list(parts)
        if notices:
            parts.append((" ".join(notices), []))
        if row_errors:
            shown = [
                self.env._("Line %(row)s: %(message)s", row=e["row"], message=e["message"])
                for e in row_errors[:MAX_REPLY_ROWS]
            ]
            if len(row_errors) > MAX_REPLY_ROWS:
                shown.append(self.env._("…and %(count)s more.", count=len(row_errors) - MAX_REPLY_ROWS))
            parts.append((self.env._("These lines were not taken:"), shown))
        url = f"{self.get_base_url()}{portal_url}" if portal_url else ""
        text = "\n\n".join(p + "".join(f"\n- {b}" for b in bullets) for p, bullets in parts)
        if url:
            text += "\n\n" + url
        self.reason = text
        if not notify:
            return
        if self.channel == "whatsapp":
            self.reply_state = "pending"
            self.with_context(dealer_intake_reply=True).message_post(body=text)
            intake = self.browse(self.id)
            self.env.cr.postcommit.add(lambda: intake._dealer_whatsapp_send_after_commit())
            return
        body = Markup("").join(
            Markup("<p>%s</p>") % p
            + (Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % b for b in bullets) if bullets else "")
            for p, bullets in parts
        )
        if url:
            body += Markup('<p><a href="%s">%s</a></p>') % (url, self.env._("Open it on the portal"))
        self.with_context(dealer_intake_reply=True).message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _dealer_whatsapp_send_after_commit(self):
        """Send in a new transaction once the order is committed: the dealer
        is never told about an order that was rolled back."""
        with self.env.registry.cursor() as cr:
            self.with_env(self.env(cr=cr)).exists()._dealer_whatsapp_send()


def _international(number, country_code):
    """Digits of ``number`` in international form (no "+" or "00"), using
    ``country_code`` for a national number starting with 0."""
    number = number.strip()
    digits = re.sub(r"\D", "", number)
    if number.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0") and country_code:
        return f"{country_code}{digits[1:]}"
    return digits


def _strip_quoted(text):
    """The new part of an email: quoted history ("> ...", "On ... wrote:")
    and signatures ("-- ") are not order lines."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "--" or stripped.startswith("-- "):
            break
        if stripped.startswith(">"):
            continue
        if stripped.lower().startswith(("on ", "le ", "am ")) and stripped.endswith(
            ("wrote:", "a écrit :", "schrieb:")
        ):
            break
        lines.append(line)
    return "\n".join(lines)
