import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta
from email.utils import formataddr

import requests
from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import email_normalize, escape_psql, html2plaintext

from odoo.addons.dealer_pricing.const import BLOCK
from odoo.addons.dealer_pricing.tools.format import fmt_qty

from ..tools import division_line, status, ubl, whatsapp
from ..tools.phone import normalize_phone

_logger = logging.getLogger(__name__)

INTAKE_ERRORS = (UserError, ValidationError, AccessError, MissingError)
# Row messages quoted back to the dealer; the rest is counted.
MAX_REPLY_ROWS = 50
ORDER_FILE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")
# The parameter keys keep the name they had when the intake was part of the
# portal, so that an upgraded database keeps its settings.
WHATSAPP_PARAMS = {
    "verify_token": "dealer_portal.whatsapp_verify_token",
    "app_secret": "dealer_portal.whatsapp_app_secret",
    "access_token": "dealer_portal.whatsapp_access_token",
    "phone_number_id": "dealer_portal.whatsapp_phone_number_id",
    "api_url": "dealer_portal.whatsapp_api_url",
}
# An emailed order waits this long for its confirmation link.
CONFIRM_LINK_HOURS = 48
# States in which a new email on the thread is processed.
EMAIL_OPEN_STATES = ("received", "awaiting", "expired", "blocked", "rejected", "failed", "answered", "status_pending")
# A status question is answered for this many of the orders it names.
MAX_STATUS_ORDERS = 5
# Emailed orders whose link expired are closed by the daily cron, this many
# per run (the cron runs again at once while some remain).
EXPIRE_BATCH_SIZE = 500
# An email body is turned into text only up to this size (HTML included);
# order lines never need more.
MAX_EMAIL_BODY_CHARS = 2 * 1024 * 1024
# Only the start of an Authentication-Results header is read.
MAX_AUTH_RESULTS_CHARS = 8192


class DealerOrderIntake(models.Model):
    """An order a dealer sent by email or WhatsApp instead of the portal.

    The lines (an email's body or its CSV/XLSX attachment, a WhatsApp text)
    go through the quick order's parsing and catalog checks and the same
    submission pipeline as a portal order, as the dealer user who sent them.
    The dealer gets an answer on the same channel: the order number, the
    approval it waits for, or each issue with its hint. A blocked order is
    kept as the dealer's portal cart, and a corrected message tries again.

    Who sent a message is decided before anything in it is read: the one
    portal user whose back-office order email or WhatsApp number it comes
    from. A From header proves nothing, so an emailed order waits for the
    one-time link mailed to that user's order email, unless the company's
    own relay reports a DKIM signature of the dealer's domain. A message
    that fails is marked failed and never stops the ones after it.

    A message asking where an order is, without order lines, is answered
    at once with the order's stage, expected delivery and tracking links,
    looked up among the sender's own dealer's orders only; one that names
    none of them goes to a person (``_dealer_answer_status``)."""

    _name = "dealer.order.intake"
    _description = "Dealer Order Intake"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char("Subject", required=True, readonly=True)
    channel = fields.Selection(
        [("email", "Email"), ("whatsapp", "WhatsApp"), ("edi", "EDI Upload")],
        required=True,
        default="email",
        readonly=True,
        help="How the order came in. EDI Upload: a UBL order file uploaded on the portal or posted to the API.",
    )
    is_edi = fields.Boolean(
        "UBL Order",
        readonly=True,
        copy=False,
        help="The order came as a UBL order file (EDI), by email or upload; its order is on the EDI channel.",
    )
    # The pipeline's idempotency key of a UBL order: the dealer's order
    # number (or the API's Idempotency-Key), so a file sent twice orders once.
    submission_key = fields.Char(readonly=True, copy=False, groups="base.group_system")
    sender = fields.Char(readonly=True, help="The address or phone number the order came from.")
    external_id = fields.Char("Message ID", readonly=True, copy=False, help="The WhatsApp message id.")
    user_id = fields.Many2one("res.users", "Dealer User", readonly=True)
    partner_id = fields.Many2one("res.partner", "Dealer", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    division_id = fields.Many2one(
        "dealer.division",
        "Division",
        readonly=True,
        index="btree_not_null",
        help="The division the message was sent to: set by the default values of the division's email alias "
        "({'division_id': id}). Empty: the dealer's only division.",
    )
    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("awaiting", "Awaiting Confirmation"),
            ("expired", "Link Expired"),
            ("failed", "Failed"),
            ("rejected", "Not Accepted"),
            ("blocked", "Blocked"),
            ("approval", "Waiting for Approval"),
            ("confirmed", "Confirmed"),
            ("answered", "Status Answered"),
            ("status_pending", "Status Question to Answer"),
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
    confirmed_by = fields.Selection(
        [("link", "Confirmation Link"), ("relay", "Signed Email (Trusted Relay)")],
        string="Sender Confirmed By",
        readonly=True,
        copy=False,
        help="How the sender of an emailed order was proven: the link sent to the user's order email, or a DKIM "
        "signature of the dealer's domain reported by the company's own mail relay.",
    )
    confirm_expiry = fields.Datetime("Confirm Before", readonly=True, copy=False)
    # Only the hash is kept: whoever reads the database cannot confirm.
    confirm_token_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
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
        processed once it is stored with its attachments; on the thread of
        an order already placed, only a status question is answered.
        Whatever happens, the mail gateway goes on with the next email."""
        res = super()._message_post_after_hook(message, msg_values)
        if message.message_type == "email" and not self.env.context.get("dealer_intake_reply"):
            auth_results = self._dealer_gateway_authentication_results()
            for intake in self.filtered(lambda i: i.channel == "email"):
                # The gateway makes a recognised author a follower; answers
                # go to the matched user's stored address only, never to
                # whoever the From header names.
                if message.author_id:
                    intake.message_unsubscribe(partner_ids=message.author_id.ids)
                if intake.state in EMAIL_OPEN_STATES:
                    intake._dealer_run_safely(intake._dealer_process_email, message, auth_results)
                else:
                    intake._dealer_answer_thread_question(message)
        return res

    def _dealer_answer_thread_question(self, message):
        """A reply on the thread of an order placed (or waiting for
        approval): a status question of the thread's own user is answered
        (``_dealer_answer_status``; "any update?" is about the thread's
        order), anything else is only kept in the thread, as before. The
        intake keeps its state, and an error never stops the gateway."""
        self.ensure_one()
        users = self._dealer_email_users(message)
        if len(users) != 1 or users != self.user_id or not users._dealer_commercial_partner():
            return None
        text = self._dealer_email_question(message)
        if not status.asks_status(text):
            return None
        try:
            with self.env.cr.savepoint():
                return self._dealer_answer_status(users, text, keep_state=True)
        except Exception:  # a question must never stall the gateway, nor mark a placed order failed
            _logger.exception("Status question on order intake %s failed", self.id)
            return None

    def _dealer_process_email(self, message, auth_results=()):
        """Sender first, lines after: nothing of an email is parsed before
        its sender is a unique, authorised dealer user. Its order is
        submitted at once only when the company's relay vouches for the
        sender's domain; otherwise it waits for the confirmation link."""
        self.ensure_one()
        users = self._dealer_email_users(message)
        verified = len(users) == 1 and self._dealer_email_dkim_verified(users, auth_results)
        edi_file = self._dealer_email_edi_attachment(message)
        if edi_file:
            self.is_edi = True
            return self._dealer_process_edi(users, lambda: edi_file.raw, submit=verified)
        return self._dealer_process(
            users,
            lambda: self._dealer_email_rows(message),
            submit=verified,
            question=lambda: self._dealer_email_question(message),
        )

    def _dealer_email_edi_attachment(self, message):
        """The first XML attachment of ``message`` that is a UBL order (read
        only after the sender is authorised), or an empty recordset."""
        xml_files = message.attachment_ids.filtered(
            lambda a: (a.name or "").lower().endswith(".xml") or "xml" in (a.mimetype or "")
        )
        for attachment in xml_files.sorted("id"):
            if ubl.looks_like_ubl_order(attachment.raw):
                return attachment
        return self.env["ir.attachment"]

    def _dealer_email_users(self, message):
        """The portal users whose back-office order email is the sender's
        address: one, none, or two when ambiguous. The author the gateway
        found, and contacts' own emails, are never used: both follow what
        users edit on /my/account."""
        email = email_normalize(message.email_from or "")
        return self.env["res.users"]._dealer_intake_users(email=email) if email else self.env["res.users"]

    def _dealer_email_rows(self, message):
        """``(rows, notices, division_names)`` of the email: the parsed rows
        of its order files, else of its new text; and the divisions its new
        text names on "Division: ..." lines, which are never order lines."""
        QuickOrder = self.env["dealer.quick.order"]
        files = message.attachment_ids.filtered(lambda a: (a.name or "").lower().endswith(ORDER_FILE_SUFFIXES))
        body = message.body or ""
        if len(body) > MAX_EMAIL_BODY_CHARS:
            if not files:
                too_long = self.env._("The email is too long to be read; attach the lines as a CSV or Excel file.")
                return [], [too_long], []
            names, text = [], ""
        else:
            names, text = division_line.split_division_lines(_strip_quoted(html2plaintext(body)))
        rows, notices = [], []
        for attachment in files.sorted("id"):
            parsed = QuickOrder._parse_file(attachment.name, attachment.raw)
            rows += parsed["rows"]
            notices += [f"{attachment.name}: {n}" for n in parsed["notices"]]
        if not files:
            parsed = QuickOrder._parse_text(text)
            rows, notices = parsed["rows"], parsed["notices"]
        return rows, notices, names

    def _dealer_email_question(self, message):
        """The text of the email read for a status question: its subject and
        new text. An email with an order file is an order, never a question."""
        if any((a.name or "").lower().endswith(ORDER_FILE_SUFFIXES) for a in message.attachment_ids):
            return ""
        body = (message.body or "")[:MAX_EMAIL_BODY_CHARS]
        return f"{message.subject or ''}\n{_strip_quoted(html2plaintext(body))}"

    def _dealer_gateway_authentication_results(self):
        """The ``Authentication-Results`` headers of the email being routed;
        honoured only from the mail gateway (it posts as the superuser),
        never from a caller's context."""
        if not (self.env.su or self.env.uid == SUPERUSER_ID):
            return ()
        headers = self.env.context.get("dealer_portal_authentication_results") or ()
        return tuple(str(h) for h in headers if isinstance(h, str))

    def _dealer_email_dkim_verified(self, user, auth_results):
        """True when the topmost ``Authentication-Results`` header is the one
        the company's own relay adds (its authserv-id, set in the settings)
        and reports a DKIM pass for the domain of ``user``'s order email.
        Any other header, forged or from another server, proves nothing."""
        user_sudo = user.sudo()
        company = self._dealer_user_company(user_sudo)
        relay = (company.dealer_intake_relay_authserv_id or "").strip().lower()
        if not relay or not auth_results:
            return False
        # The relay prepends its header: only the topmost one is its own
        # (RFC 8601 asks it to drop incoming ones that bear its name).
        authserv_id, results = _parse_authentication_results(auth_results[0][:MAX_AUTH_RESULTS_CHARS])
        if authserv_id != relay:
            return False
        domain = (user_sudo.dealer_order_email_normalized or "").rpartition("@")[2]
        for method, result, props in results:
            if method != "dkim" or result != "pass":
                continue
            signer = props.get("header.d") or props.get("header.i", "").rpartition("@")[2]
            if _domain_aligned(signer, domain):
                return True
        return False

    # ------------------------------------------------------------------
    # WhatsApp: the Cloud API webhook
    # ------------------------------------------------------------------
    @api.model
    def _dealer_whatsapp_config(self):
        # Technical settings, readable by the system only.
        get = self.env["ir.config_parameter"].sudo().get_param
        config = {key: get(param) or "" for key, param in WHATSAPP_PARAMS.items()}
        config["api_url"] = (config["api_url"] or whatsapp.API_URL).rstrip("/")
        return config

    @api.model
    def _dealer_whatsapp_verify(self, mode, token, challenge):
        """The webhook subscription handshake: the challenge back when the
        verify token matches, else None."""
        expected = self._dealer_whatsapp_config()["verify_token"]
        if whatsapp.verify_token_matches(expected, mode, token):
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
        if not whatsapp.signature_matches(secret, body, signature):
            return 401, {"error": "unauthorized", "reason": "the signature does not match"}
        if len(body) > whatsapp.MAX_WEBHOOK_BYTES:
            return 400, {"error": "malformed", "reason": "the body is too large"}
        try:
            messages = whatsapp.parse_webhook(body)
        except ValueError as exc:
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
        was already received, carries no sender, or is dated outside the
        window (a replay)."""
        if not isinstance(message, dict):
            return None
        external_id = str(message.get("id") or "")[:200]
        phone = whatsapp.message_digits(message.get("from"))
        if not external_id or not phone:
            return None
        if not whatsapp.is_fresh(message.get("timestamp")):
            _logger.warning(
                "WhatsApp message %s from +%s refused: its timestamp %r is outside the accepted window.",
                external_id,
                phone,
                str(message.get("timestamp"))[:40],
            )
            return None
        if self.sudo().search_count([("channel", "=", "whatsapp"), ("external_id", "=", external_id)], limit=1):
            return None
        name = whatsapp.sender_name(contacts, phone)
        text = ""
        if message.get("type") == "text":
            text = str((message.get("text") or {}).get("body") or "")
        # Written by the system: the webhook has no user, its signature was checked.
        intake = self.sudo().create(
            {
                "name": self.env._("WhatsApp from %(who)s", who=str(name or f"+{phone}"))[:200],
                "channel": "whatsapp",
                "sender": f"+{phone}",
                "external_id": external_id,
            }
        )
        intake.message_post(body=text or self.env._("(a %(type)s message)", type=str(message.get("type") or "?")))

        def parse():
            names, lines = division_line.split_division_lines(text)
            parsed = self.env["dealer.quick.order"]._parse_text(lines)
            if not text:
                parsed["notices"].append(self.env._("Only text messages can be read; type the lines."))
            return parsed["rows"], parsed["notices"], names

        intake._dealer_run_safely(
            intake._dealer_process, intake._dealer_whatsapp_users(phone), parse, True, lambda: text
        )
        return intake

    def _dealer_whatsapp_users(self, phone):
        """The portal users whose back-office WhatsApp number is ``phone``
        (digits in international form, as WhatsApp sends them): one, none,
        or two when ambiguous. Contacts' own phone numbers are never used."""
        e164 = normalize_phone(f"+{phone}")
        return self.env["res.users"]._dealer_intake_users(phone=e164) if e164 else self.env["res.users"]

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
                whatsapp.send_text(
                    config["api_url"], config["phone_number_id"], config["access_token"], intake.sender, intake.reason
                )
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
    def _dealer_run_safely(self, method, *args):
        """Run ``method(*args)`` for this intake; any error rolls its work
        back, marks the intake failed with the reason and is logged, so the
        mail gateway or the webhook goes on with the next message."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return method(*args)
        except Exception as exc:  # whatever it is: one bad message must never stall the others
            _logger.exception("Order intake %s (%s from %s) failed", self.id, self.channel, self.sender)
            self._dealer_mark_failed(exc)
            return {"outcome": "failed", "issues": [], "order_id": False}

    def _dealer_mark_failed(self, exc):
        self.ensure_one()
        self.invalidate_recordset()
        reason = self.env._(
            "This message could not be processed (%(error)s). Nothing was ordered; the error is in the server log.",
            error=f"{type(exc).__name__}: {exc}"[:300],
        )
        self.write({"state": "failed", "reason": reason})
        self.sudo().with_context(dealer_intake_reply=True).message_post(body=reason, subtype_xmlid="mail.mt_note")

    def _dealer_process(self, users, parse, submit=True, question=None):
        """Turn one message into an order as its sender, and answer on the
        message's channel. ``users`` are the matches of the sender (a single
        one is required); ``parse`` returns ``(rows, notices,
        division_names)`` (the names of its "Division: ..." lines, see
        ``tools.division_line``) and ``question`` the message's text; both
        are only called once the sender is known. Without ``submit`` the
        order waits for the sender's confirmation (email).

        A message that asks for an order's status and holds no order line
        the dealer may buy is a status question: it is answered, whatever
        the user's role (``_dealer_answer_status``). An order is placed in
        the division ``_dealer_intake_division`` decides, or refused with
        its reason before any line is matched."""
        self.ensure_one()
        self.attempt_count += 1
        user = self._dealer_authorise(users, role=None)
        if not user:
            return {"outcome": "rejected", "issues": [], "order_id": self.order_id.id}
        dealer_sudo = user._dealer_commercial_partner()
        text = question() if question and dealer_sudo else ""
        rows = resolved = None
        if status.asks_status(text):
            # Lines the user may order make it an order, even with "update"
            # in it; only an order desk orders, so only its lines are read.
            if user._dealer_has_role("order_desk"):
                rows, notices, named = parse()
                resolved = (
                    self.env["dealer.quick.order"]
                    .with_user(user)
                    ._resolve_rows(dealer_sudo, rows, division=self._dealer_rows_division(user, named))
                )
            if not (resolved and resolved["entries"]):
                return self._dealer_answer_status(user, text)
        if not self._dealer_check_order_role(user, dealer_sudo):
            return {"outcome": "rejected", "issues": [], "order_id": self.order_id.id}
        if rows is None:
            rows, notices, named = parse()
        # The division's catalog decides which lines are taken: an order in
        # no known division lists no line as "not in your catalog".
        try:
            division = self._dealer_intake_division(user, named)
        except UserError as exc:
            return self._dealer_reject(str(exc), notices=notices)
        if resolved is None:
            resolved = (
                self.env["dealer.quick.order"]
                .with_user(user)
                ._resolve_rows(dealer_sudo, rows, division=division or None)
            )
        row_errors = resolved["errors"]
        if not resolved["entries"]:
            text = self.env._(
                'No order lines were found. Write one line per product, like "DC-1001 5", or attach a CSV or '
                "Excel file with SKU and quantity columns."
            )
            return self._dealer_reject(text, row_errors=row_errors, notices=notices)
        try:
            with self.env.cr.savepoint():
                order_sudo = self._dealer_intake_order(user, division)
                order_sudo._dealer_cart_add_lines(resolved["entries"])
                if not submit:
                    return self._dealer_park(order_sudo, row_errors, notices)
                self.confirmed_by = "relay" if self.channel == "email" else False
                result = self._dealer_submit_order(order_sudo)
        except INTAKE_ERRORS as exc:
            return self._dealer_reject(str(exc), row_errors=row_errors, notices=notices)
        self._dealer_answer(order_sudo, result, row_errors, notices)
        return result

    def _dealer_process_edi(self, users, read, submit=True):
        """Turn one UBL order file into an order as its sender, like
        ``_dealer_process``: ``read`` returns the file's bytes and is only
        called once the sender is authorised. Odoo's UBL decoder reads it;
        the buyer party must be the sender's dealer; the dealer's order
        number becomes the PO reference. Lines with no known item or a unit
        the product is not sold in are refused one by one, the others go
        in at the dealer's prices, and a price in the file that differs is
        reported on its line, never applied.

        Returns the submission result with ``row_errors`` and
        ``line_notes`` (``[{"row", "sku", "message"}]``)."""
        self.ensure_one()
        self.attempt_count += 1
        user = self._dealer_authorise(users)
        if not user:
            return {"outcome": "rejected", "issues": [], "order_id": self.order_id.id}
        Decoder = self.env["dealer.edi.order"].with_company(self._dealer_user_company(user))
        decoded = Decoder._dealer_edi_decode(read())
        if decoded["error"]:
            return self._dealer_reject(decoded["error"])
        dealer_sudo = user._dealer_commercial_partner()
        buyer_error = Decoder._dealer_edi_buyer_error(decoded["buyer"], dealer_sudo)
        if buyer_error:
            return self._dealer_reject(buyer_error)
        self.sudo().submission_key = self._dealer_edi_submission_key(dealer_sudo, decoded["po_ref"])
        previous_sudo = self.env["sale.order"]._dealer_find_submission(self.sudo().submission_key, dealer_sudo)
        if previous_sudo:
            return self._dealer_edi_already_received(previous_sudo, decoded["po_ref"])
        rows, refused = Decoder._dealer_edi_rows(decoded)
        resolved = (
            self.env["dealer.quick.order"]
            .with_user(user)
            ._resolve_rows(dealer_sudo, rows, division=self._dealer_rows_division(user))
        )
        row_errors = sorted(refused + resolved["errors"], key=lambda e: e["row"])
        if not resolved["entries"]:
            text = self.env._("None of the lines of this order could be taken. Nothing was ordered.")
            result = self._dealer_reject(text, row_errors=row_errors)
            return dict(result, row_errors=row_errors, line_notes=[])
        if decoded["po_ref"] and self.channel == "edi":
            self.name = self.env._("UBL order %(ref)s", ref=decoded["po_ref"])
        try:
            with self.env.cr.savepoint():
                order_sudo = self._dealer_intake_order(user)
                order_sudo.client_order_ref = decoded["po_ref"] or False
                order_sudo._dealer_cart_add_lines(resolved["entries"])
                line_notes = Decoder._dealer_edi_price_notes(order_sudo, decoded, row_errors)
                if not submit:
                    result = self._dealer_park(order_sudo, row_errors, [n["message"] for n in line_notes])
                    return dict(result, row_errors=row_errors, line_notes=line_notes)
                self.confirmed_by = "relay" if self.channel == "email" else False
                result = self._dealer_submit_order(order_sudo)
        except INTAKE_ERRORS as exc:
            result = self._dealer_reject(str(exc), row_errors=row_errors)
            return dict(result, row_errors=row_errors, line_notes=[])
        self._dealer_answer(order_sudo, result, row_errors, (), line_notes=line_notes)
        return dict(result, row_errors=row_errors, line_notes=line_notes)

    def _dealer_edi_submission_key(self, dealer_sudo, po_ref):
        """The key this file is submitted with: the one the caller gave
        (the API's Idempotency-Key), else one made of the dealer's order
        number, scoped to the dealer. None without either."""
        self.ensure_one()
        given = self.env.context.get("dealer_edi_submission_key")
        if given and (self.env.su or self.env.uid == SUPERUSER_ID):
            return given
        if not po_ref:
            return None
        digest = hashlib.sha256(po_ref.encode()).hexdigest()[:40]
        return f"edi:{dealer_sudo.id}:{digest}"

    def _dealer_edi_already_received(self, previous_sudo, po_ref):
        """Answer a UBL order whose order number was already submitted: the
        earlier order, and nothing ordered twice."""
        self.ensure_one()
        result = previous_sudo._dealer_submission_result(replayed=True)
        state = result["outcome"] if result["outcome"] in ("confirmed", "approval") else "rejected"
        self.write({"state": state, "order_id": previous_sudo.id})
        text = self.env._(
            "Your order %(ref)s was already received as %(name)s: nothing was ordered twice.",
            ref=po_ref or "",
            name=previous_sudo.name,
        )
        self._dealer_reply([(text, [])], portal_url=previous_sudo.get_portal_url())
        return dict(result, row_errors=[], line_notes=[])

    @api.model
    def _dealer_edi_receive(self, user, filename, content, source="portal", submission_key=None):
        """A UBL order file uploaded on the portal (``source`` ``portal``) or
        posted to the API (``api``) by ``user``, who is signed in or holds
        the API key: recorded as an intake and processed at once as that
        user. ``submission_key`` (the API's Idempotency-Key, made unique
        per dealer by the caller) replaces the one made of the file's order
        number. Returns the result of ``_dealer_process_edi`` with ``text``
        (the answer) and ``intake_id``; never raises for a bad file."""
        user.ensure_one()
        # Written by the system: portal users have no access to intakes;
        # the caller proved who ``user`` is.
        intake = self.sudo().create(
            {
                "name": (filename or self.env._("UBL order"))[:200],
                "channel": "edi",
                "is_edi": True,
                "sender": f"{source}: {user.sudo().login}"[:200],
            }
        )
        if submission_key:
            intake = intake.with_context(dealer_edi_submission_key=submission_key)
        result = intake._dealer_run_safely(intake._dealer_process_edi, user, lambda: content)
        result.setdefault("row_errors", [])
        result.setdefault("line_notes", [])
        return dict(result, text=intake.reason, intake_id=intake.id)

    def _dealer_authorise(self, users, role="order_desk"):
        """The one user this message may order as, or None after rejecting
        the message: unknown and ambiguous senders are refused without an
        answer (their content is never read), a known user without the
        order-desk role is told why. With ``role=None`` the role is checked
        later (``_dealer_check_order_role``): a status question needs none."""
        self.ensure_one()
        if not users:
            # Unknown senders get no answer: replying would feed spam.
            self._dealer_reject(self.env._("The sender is not a portal user of a dealer."), notify=False)
            return None
        if len(users) > 1:
            _logger.warning(
                "Order intake %s refused: %s %s matches several users (%s)",
                self.id,
                self.channel,
                self.sender,
                ", ".join(users.sudo().mapped("login")),
            )
            self._dealer_reject(
                self.env._(
                    "The sender matches several portal users (%(users)s): give each user its own order email and "
                    "WhatsApp number. Nothing was ordered.",
                    users=", ".join(users.sudo().mapped("name")),
                ),
                notify=False,
            )
            self.sudo().with_context(dealer_intake_reply=True).message_post(
                body=self.reason, subtype_xmlid="mail.mt_note"
            )
            return None
        user = users
        if self.user_id and self.user_id != user:
            self._dealer_reject(
                self.env._("This conversation belongs to another user; send the order in a new message."),
                notify=False,
            )
            return None
        dealer_sudo = user._dealer_commercial_partner()
        self.write(
            {
                "user_id": user.id,
                "partner_id": dealer_sudo.id or user.partner_id.commercial_partner_id.id,
                "company_id": self._dealer_user_company(user).id,
            }
        )
        if role and not self._dealer_check_order_role(user, dealer_sudo):
            return None
        return user

    def _dealer_check_order_role(self, user, dealer_sudo):
        """True when ``user`` may order for ``dealer_sudo``; else the message
        is rejected and the user told why."""
        if not dealer_sudo:
            self._dealer_reject(
                self.env._("Your address is not set up to order from us. Contact your account manager.")
            )
            return False
        if not user._dealer_has_role("order_desk"):
            self._dealer_reject(
                self.env._("Ordering needs the order-desk role. Ask your company's portal administrator.")
            )
            return False
        return True

    @api.model
    def _dealer_user_company(self, user):
        """The company a dealer user orders from: its dealer's company, else
        its own; never the company the webhook or the mail gateway runs in."""
        user_sudo = user.sudo()
        return user_sudo.partner_id.commercial_partner_id.company_id or user_sudo.company_id

    def _dealer_intake_order(self, user, division=None):
        """The draft quotation this message fills, in ``division`` (sudo, as
        ``_dealer_intake_division`` decided it; decided here when None): the
        one an earlier message of the conversation left, emptied, or a new
        one. It is not the dealer's portal cart until it is submitted (a
        message nobody confirmed never reaches the portal). Sudo as the
        dealer user, like a portal cart, so the order desk's checks apply."""
        company = self._dealer_user_company(user)
        if division is None:
            division = self._dealer_intake_division(user)
        order_sudo = self.order_id.with_company(company).with_user(user).sudo()
        if (
            order_sudo
            and order_sudo.state == "draft"
            and not order_sudo.dealer_submitted_at
            and order_sudo.partner_id == user.partner_id
        ):
            order_sudo.order_line.filtered(lambda l: not l.display_type).unlink()
            if order_sudo.website_id:
                order_sudo.website_id = False
            if order_sudo.dealer_division_id != division:
                order_sudo.dealer_division_id = division
            return order_sudo
        order_sudo = (
            self.env["sale.order"]
            .with_company(company)
            .with_user(user)
            .sudo()
            .create(
                {
                    "partner_id": user.partner_id.id,
                    "company_id": company.id,
                    "dealer_division_id": division.id,
                    "dealer_channel": self._dealer_order_channel(),
                    "client_order_ref": self.name[:64] if self.channel == "email" else False,
                    "website_id": False,
                    "origin": self.name[:64],
                }
            )
        )
        self.order_id = order_sudo.id
        return order_sudo

    def _dealer_rows_division(self, user, named=()):
        """The division whose catalog the message's rows are matched in, or
        None when it is not known or not one the dealer buys from (the order
        is then refused, saying why). ``named`` as in
        ``_dealer_intake_division``."""
        try:
            division = self._dealer_intake_division(user, named)
        except UserError:
            return None
        return division if division and user.partner_id._dealer_trades_with(division) else None

    def _dealer_intake_division(self, user, named=()):
        """The division (sudo, possibly empty) whose terms an order of this
        message is placed on: the one the message was sent to (its alias),
        else the one its text names (``named``: the names of its
        "Division: ..." lines, ``tools.division_line``), else the only one
        the dealer of ``user`` trades with in its company.

        Only the dealer's own divisions in that company can be named, by
        code or name (``_dealer_named_division``): the line selects among
        them and proves nothing. An order is never guessed onto a division;
        a UserError that says how to name it refuses: a dealer of several
        divisions that names none, a name that is not one of its divisions,
        two divisions named, an alias of a division the dealer does not buy
        from, and an alias and a line that name different divisions (which
        one the dealer meant cannot be known, so neither wins)."""
        self.ensure_one()
        # The alias's division routes the order; the sender may not read divisions.
        alias_sudo = self.division_id.sudo()
        if alias_sudo and not user.partner_id._dealer_trades_with(alias_sudo):
            raise UserError(
                self.env._(
                    "%(dealer)s does not buy from %(division)s, so this order cannot be taken at this address. "
                    "Send it to the order address of your own division.",
                    dealer=user.partner_id.commercial_partner_id.name,
                    division=alias_sudo.name,
                )
            )
        if alias_sudo and not named:
            return alias_sudo
        company = self._dealer_user_company(user)
        divisions = user.partner_id._dealer_divisions().filtered(lambda d: d.company_id == company)
        named_sudo = self._dealer_named_division(divisions, named)
        if alias_sudo:
            if named_sudo and named_sudo != alias_sudo:
                raise UserError(
                    self.env._(
                        "This email was sent to the order address of %(alias)s but names the division "
                        "%(named)s. Send it to the order address of the division it is for, or to our general "
                        'order address with a line "Division: <code>".',
                        alias=alias_sudo.name,
                        named=named_sudo.name,
                    )
                )
            return alias_sudo
        if named_sudo:
            return named_sudo
        if len(divisions) > 1:
            raise UserError(
                self.env._(
                    "You buy from several of our divisions, and this message does not say which one the order "
                    "is for. %(how)s",
                    how=self._dealer_division_how_to(divisions),
                )
            )
        return divisions

    def _dealer_named_division(self, divisions, named):
        """The one division of ``divisions`` (the dealer's own, sudo) that
        the names in ``named`` designate, or an empty recordset when none is
        named. A name is a division's code, else its name, compared loosely
        (``division_line.normalize_name``); the code wins, being unique per
        company. A name that designates none of them, or names of two
        divisions, raise a UserError saying how to name it."""
        found = divisions.browse()
        for name in named:
            key = division_line.normalize_name(name)
            match = divisions.filtered(lambda d, key=key: division_line.normalize_name(d.code) == key)
            match = match or divisions.filtered(lambda d, key=key: division_line.normalize_name(d.name) == key)
            if len(match) != 1:
                raise UserError(self._dealer_unknown_division_text(divisions, name))
            found |= match
        if len(found) > 1:
            raise UserError(
                self.env._(
                    "This message names several divisions (%(divisions)s), and an order is for one division "
                    'only. Send one message per division, each with its own line "Division: <code>".',
                    divisions=", ".join(found.mapped("name")),
                )
            )
        return found

    def _dealer_unknown_division_text(self, divisions, name):
        """The answer to a "Division: ..." line whose ``name`` is none of
        the dealer's ``divisions``."""
        shown = name if len(name) <= 60 else f"{name[:60]}…"
        if not divisions:
            return self.env._(
                'This message names the division "%(name)s", but your orders are not placed by division: '
                'send the order without the line "Division: ...".',
                name=shown,
            )
        return self.env._(
            'This message names the division "%(name)s", which is not one of the divisions you buy from. %(how)s',
            name=shown,
            how=self._dealer_division_how_to(divisions),
        )

    def _dealer_division_how_to(self, divisions):
        """How the dealer names the division of its order, among its own
        ``divisions``: the line, and by email the division's own address."""
        self.ensure_one()
        choices = ", ".join(f"{d.code} ({d.name})" for d in divisions)
        if self.channel == "email" and not self.division_id:
            return self.env._(
                'Write a line "Division: <code>" in your email, with one of: %(choices)s; or send it to that '
                "division's order address.",
                choices=choices,
            )
        return self.env._('Write a line "Division: <code>" in your message, with one of: %(choices)s.', choices=choices)

    def _dealer_submit_order(self, order_sudo):
        """Submit through the order pipeline, as the dealer user. A blocked
        order becomes the dealer's portal cart, to be fixed there."""
        # Only the website's id is needed, to make the order the dealer's cart.
        Website = self.env["website"].sudo()
        company_domain = [("company_id", "=", order_sudo.company_id.id)]
        website = Website
        if order_sudo.dealer_division_id:
            website = Website.search(
                company_domain + [("dealer_division_id", "=", order_sudo.dealer_division_id.id)], limit=1
            )
        website = website or Website.search(company_domain, limit=1)
        if website and not order_sudo.website_id:
            order_sudo.website_id = website.id
        return order_sudo.action_dealer_submit(
            channel=self._dealer_order_channel(), submission_key=self.sudo().submission_key or None
        )

    def _dealer_order_channel(self):
        """The order's channel: ``edi`` for a UBL order file, however it came."""
        self.ensure_one()
        return "edi" if self.is_edi else self.channel

    # ------------------------------------------------------------------
    # Status questions
    # ------------------------------------------------------------------
    def _dealer_status_request(self, user, text):
        """The orders a status question of ``user`` names, or None when
        ``text`` asks for no order's status. Only the orders of ``user``'s own
        dealer are looked up, searched as ``user`` (its record rules apply):
        a number of another dealer's order names nothing. An order is named
        by its number ("S00047", or "47"), or by the dealer's PO reference.
        One query, whatever the text."""
        if not status.asks_status(text):
            return None
        SaleOrder = self.env["sale.order"].with_user(user).with_company(self._dealer_user_company(user))
        references = status.references(text)
        if not references or not user._dealer_commercial_partner():
            return SaleOrder.browse()
        named = []
        for reference in references:
            named += [[("name", "=ilike", escape_psql(reference))], [("client_order_ref", "ilike", reference)]]
            if reference.isdigit():
                # "47" for S00047: the names ending with it, checked below.
                named.append([("name", "=like", f"%{escape_psql(reference)}")])
        domain = expression.AND([SaleOrder._dealer_history_base_domain(user.partner_id), expression.OR(named)])
        candidates = SaleOrder.search(domain, order="id desc", limit=100)
        orders = candidates.filtered(
            lambda o: any(status.names_order(r, o.name, o.client_order_ref) for r in references)
        )
        return orders[:MAX_STATUS_ORDERS]

    def _dealer_answer_status(self, user, text, keep_state=False):
        """Answer the status question ``text`` of ``user`` on the message's
        channel. Each order it names gets its stage, expected delivery and
        tracking links, at once; naming none, it is about the conversation's
        own order, if it was submitted. A question about none of the
        dealer's orders is acknowledged and handed to a person
        (``_dealer_status_to_person``). Either way ``_dealer_status_answered``
        records it. With ``keep_state`` the intake keeps its state (the
        thread of an order placed)."""
        self.ensure_one()
        orders = self._dealer_status_request(user, text) or self._dealer_conversation_order(user)
        # The stage, dates and carrier links of the orders the user may read
        # (searched as the user above), read as the system: dealers cannot
        # read delivery orders.
        orders_sudo = orders.sudo()
        if orders_sudo:
            parts = [(paragraph, []) for paragraph in orders_sudo._dealer_status_paragraphs(self.get_base_url())]
            values, answered = {"state": "answered"}, "auto"
        else:
            parts = [
                (
                    self.env._(
                        "Thank you for your question. We could not find which of your orders it is about: a "
                        "colleague will answer you shortly. Next time, give the order number (for example "
                        "S00047) or your PO reference, and you get the answer at once."
                    ),
                    [],
                )
            ]
            values, answered = {"state": "status_pending"}, "pending"
        values["row_error_count"] = 0
        if not keep_state:
            self.write(values)
        self._dealer_reply(parts)
        if not orders_sudo:
            self._dealer_status_to_person(user, text)
        self._dealer_status_answered(orders_sudo, answered, text)
        return {"outcome": values["state"], "issues": [], "order_id": False}

    def _dealer_conversation_order(self, user):
        """The order of this conversation, when ``user`` may follow it (a
        submitted order of its dealer, searched as ``user``); else none."""
        SaleOrder = self.env["sale.order"].with_user(user).with_company(self._dealer_user_company(user))
        if not self.order_id or not user._dealer_commercial_partner():
            return SaleOrder.browse()
        domain = SaleOrder._dealer_history_base_domain(user.partner_id) + [("id", "=", self.order_id.id)]
        return SaleOrder.search(domain)

    def _dealer_status_to_person(self, user, text):
        """Hand a status question nobody could answer automatically to the
        dealer's salesperson (else its sales team's leader): a to-do on
        this message, with the question. Without either, it waits in the
        list of messages (state "Status Question to Answer")."""
        self.ensure_one()
        dealer_sudo = user._dealer_commercial_partner()
        assignee = dealer_sudo.user_id or dealer_sudo.team_id.user_id
        note = self.env._(
            "%(user)s (%(dealer)s) asks by %(channel)s: %(question)s",
            user=user.sudo().name,
            dealer=dealer_sudo.display_name,
            channel=self.channel,
            question=text.strip()[:500],
        )
        # Intakes are written by the system (mail gateway, signed webhook).
        self.sudo().message_post(body=note, subtype_xmlid="mail.mt_note")
        if assignee:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Answer a status question"),
                note=note,
                user_id=assignee.id,
            )

    def _dealer_status_answered(self, orders, answered, question):
        """Hook called once a status question was handled: ``orders`` (sudo)
        are the dealer's orders it named and was answered with (empty when
        none), ``answered`` is ``"auto"`` or ``"pending"`` (a person will
        answer), ``question`` the dealer's text. The intake's channel,
        dealer, user and company are set. Does nothing here; overridden to
        count status queries."""
        self.ensure_one()

    # ------------------------------------------------------------------
    # Email: the confirmation link
    # ------------------------------------------------------------------
    def _dealer_park(self, order_sudo, row_errors, notices):
        """Keep the order as a draft quotation and email a one-time link to
        the matched user's order email (stored by the back office, never the
        From or Reply-To of the message)."""
        self.ensure_one()
        token = secrets.token_urlsafe(32)
        expiry = fields.Datetime.now() + timedelta(hours=CONFIRM_LINK_HOURS)
        self.sudo().write(
            {
                "state": "awaiting",
                "confirm_token_hash": _token_hash(token),
                "confirm_expiry": expiry,
                "confirmed_by": False,
                "row_error_count": len(row_errors),
                "reason": self.env._("Waiting for the sender to confirm the order with the link sent by email."),
            }
        )
        self._dealer_send_confirmation(order_sudo, token, row_errors, notices)
        return {"outcome": "awaiting", "issues": [], "order_id": order_sudo.id}

    def _dealer_confirm_url(self, token):
        self.ensure_one()
        return f"{self.get_base_url()}/dealer_portal/intake/{self.id}/confirm?token={token}"

    def _dealer_send_confirmation(self, order_sudo, token, row_errors, notices):
        user_sudo = self.user_id.sudo()
        address = user_sudo.dealer_order_email_normalized
        lines = [
            f"{line.product_id.default_code or line.product_id.display_name} × {fmt_qty(line.product_uom_qty)}"
            for line in order_sudo.order_line.filtered(lambda l: not l.display_type)
        ]
        parts = [
            (
                self.env._(
                    "We received an order from your address (%(subject)s). To place it, confirm it within "
                    "%(hours)s hours with the link below. If you did not send it, ignore this email: nothing "
                    "will be ordered.",
                    subject=self.name,
                    hours=CONFIRM_LINK_HOURS,
                ),
                lines,
            )
        ]
        if notices:
            parts.append((" ".join(notices), []))
        if row_errors:
            parts.append(
                (
                    self.env._("These lines were not taken:"),
                    [
                        self.env._("Line %(row)s: %(message)s", row=e["row"], message=e["message"])
                        for e in row_errors[:MAX_REPLY_ROWS]
                    ],
                )
            )
        body = _html_parts(parts)
        body += Markup('<p><a href="%s">%s</a></p>') % (
            self._dealer_confirm_url(token),
            self.env._("Confirm the order"),
        )
        company = self.company_id
        # The link is a credential: it is mailed outside the chatter, which
        # back-office users read, and only the stored address receives it.
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("Confirm your order: %(subject)s", subject=self.name),
                "email_from": company.email_formatted or self.env.company.email_formatted,
                "email_to": formataddr((user_sudo.name or "", address)),
                "body_html": body,
                "auto_delete": True,
            }
        )
        self.sudo().with_context(dealer_intake_reply=True).message_post(
            body=self.env._(
                "A confirmation link was sent to %(email)s, valid until %(date)s.",
                email=address,
                date=fields.Datetime.to_string(self.confirm_expiry),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _dealer_confirmation_error(self, token, visitor):
        """Why the confirmation link cannot be used by ``visitor`` with
        ``token`` (a message for the page), or None. The token is compared
        in constant time with the stored hash; the intake's own user, signed
        in, needs no token."""
        self.ensure_one()
        invalid = self.env._("This confirmation link is not valid, or it was already used.")
        stored = self.sudo().confirm_token_hash
        if self.channel != "email" or self.state != "awaiting" or not stored:
            return invalid
        token_ok = isinstance(token, str) and hmac.compare_digest(stored, _token_hash(token))
        if not token_ok and not (visitor and visitor == self.user_id):
            return invalid
        if not self.confirm_expiry or self.confirm_expiry < fields.Datetime.now():
            return self.env._("This confirmation link has expired. Send the order again.")
        return None

    def _dealer_confirmation_values(self, token, visitor):
        """What the confirmation page shows before the dealer confirms."""
        self.ensure_one()
        error = self._dealer_confirmation_error(token, visitor)
        if error:
            return {"error": error}
        order_sudo = self.order_id.sudo()
        return {
            "intake": self,
            "token": token if isinstance(token, str) else "",
            "order_sudo": order_sudo,
            "lines": [
                (line.product_id.display_name, fmt_qty(line.product_uom_qty))
                for line in order_sudo.order_line.filtered(lambda l: not l.display_type)
            ],
        }

    def _dealer_confirm_by_link(self, token, visitor):
        """Submit the order this email left waiting, once: the link's token
        (or the intake's own user, signed in) proves the sender. Returns
        ``{"error": message}`` or the submission result, with ``"text"``
        (what the dealer was answered)."""
        self.ensure_one()
        error = self._dealer_confirmation_error(token, visitor)
        if error:
            if self.state == "awaiting" and self.confirm_expiry and self.confirm_expiry < fields.Datetime.now():
                # The page tells whoever follows the link; no email besides.
                self.sudo()._dealer_expire(notify=False)
            return {"error": error}
        # Single use: the token is gone before anything is submitted.
        self.sudo().write({"confirm_token_hash": False, "confirmed_by": "link"})
        return self._dealer_run_safely(self._dealer_submit_confirmed)

    @api.model
    def _cron_expire_confirmations(self, batch_size=EXPIRE_BATCH_SIZE):
        """Daily: close the emailed orders whose confirmation link expired
        (see ``_dealer_expire``), ``batch_size`` at a time; the cron is
        called again at once while some remain."""
        domain = [
            ("channel", "=", "email"),
            ("state", "=", "awaiting"),
            ("confirm_expiry", "<", fields.Datetime.now()),
        ]
        # The cron runs as the system; every company's intakes are closed.
        intakes_sudo = self.sudo().with_context(active_test=False).search(domain, limit=batch_size, order="id")
        intakes_sudo._dealer_expire()
        remaining = self.sudo().search_count(domain) if len(intakes_sudo) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(intakes_sudo), remaining=remaining)
        return intakes_sudo

    def _dealer_expire(self, notify=True):
        """Close these intakes (sudo) whose confirmation link expired: the
        link no longer works, the draft quotation is cancelled, a note is
        logged on both, and with ``notify`` the dealer user is told at its
        stored order email that nothing was ordered. Batched: a fixed number
        of queries whatever the number of intakes."""
        intakes = self.filtered(lambda i: i.channel == "email" and i.state == "awaiting")
        if not intakes:
            return intakes
        intakes.write(
            {
                "state": "expired",
                "confirm_token_hash": False,
                "reason": self.env._("The confirmation link expired: nothing was ordered."),
            }
        )
        # The system closes them, whoever followed a dead link.
        author_id = self.env.ref("base.partner_root").id
        orders = intakes.order_id.filtered(lambda o: o.state == "draft" and not o.dealer_submitted_at)
        if orders:
            # Cancelling recomputes monetary fields of the lines, whose flush
            # otherwise reads each line's currency alone.
            orders.order_line.fetch(["currency_id"])
            # Logged below in one batch instead of one tracking message each.
            orders.with_context(mail_notrack=True, disable_cancel_warning=True).action_cancel()
            orders._message_log_batch(
                {
                    intake.order_id.id: self.env._(
                        "Cancelled: the emailed order %(subject)s was not confirmed before its link expired.",
                        subject=intake.name,
                    )
                    for intake in intakes
                    if intake.order_id in orders
                },
                author_id=author_id,
            )
        intakes._message_log_batch(
            {
                intake.id: (
                    self.env._(
                        "The confirmation link expired on %(date)s: the quotation %(order)s was cancelled.",
                        date=fields.Datetime.to_string(intake.confirm_expiry),
                        order=intake.order_id.name,
                    )
                    if intake.order_id in orders
                    else self.env._(
                        "The confirmation link expired on %(date)s.",
                        date=fields.Datetime.to_string(intake.confirm_expiry),
                    )
                )
                for intake in intakes
            },
            author_id=author_id,
        )
        if notify:
            intakes._dealer_send_expiry_notice()
        return intakes

    def _dealer_send_expiry_notice(self):
        """Tell each dealer user, at the order email the back office or its
        administrator stored (never the message's From), that its emailed
        order was not placed. One batch of mails."""
        vals_list = []
        for intake in self:
            user_sudo = intake.user_id.sudo()
            address = user_sudo.dealer_order_email_normalized
            if not address:
                continue
            _ = intake.with_context(lang=user_sudo.lang or self.env.lang).env._
            company = intake.company_id
            body = Markup("<p>%s</p>") % _(
                "Your order %(subject)s, received by email, was not placed: it was not confirmed with the link "
                "we sent before %(date)s. Send it again if you still need it, or order on the portal.",
                subject=intake.name,
                date=fields.Datetime.to_string(intake.confirm_expiry),
            )
            vals_list.append(
                {
                    "subject": _("Order not placed: %(subject)s", subject=intake.name),
                    "email_from": company.email_formatted or self.env.company.email_formatted,
                    "email_to": formataddr((user_sudo.name or "", address)),
                    "body_html": body,
                    "auto_delete": True,
                }
            )
        if vals_list:
            self.env["mail.mail"].sudo().create(vals_list)

    def _dealer_submit_confirmed(self):
        self.ensure_one()
        self.attempt_count += 1
        # A user archived since the email came in may no longer order.
        user = self._dealer_authorise(self.user_id.filtered("active"))
        if not user:
            return {"error": self.reason}
        order_sudo = self.order_id.with_company(self._dealer_user_company(user)).with_user(user).sudo()
        if not order_sudo or order_sudo.state != "draft" or order_sudo.dealer_submitted_at:
            self._dealer_reject(self.env._("This order can no longer be submitted."), notify=False)
            return {"error": self.reason}
        try:
            with self.env.cr.savepoint():
                result = self._dealer_submit_order(order_sudo)
        except INTAKE_ERRORS as exc:
            self._dealer_reject(str(exc))
            return {"error": self.reason}
        # The lines not taken were listed with the link; their count stays.
        self._dealer_answer(order_sudo, result, None, ())
        return dict(result, text=self.reason)

    def _dealer_reject(self, text, row_errors=(), notices=(), notify=True):
        self.write({"state": "rejected", "row_error_count": len(row_errors)})
        self._dealer_reply([(text, [])], row_errors, notices, notify=notify)
        return {"outcome": "rejected", "issues": [], "order_id": self.order_id.id}

    def _dealer_answer(self, order_sudo, result, row_errors, notices, line_notes=()):
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
                if issue["severity"] == BLOCK
            ]
            parts, state = [(text, issues)], "blocked"
        vals = {"state": state}
        if row_errors is not None:
            vals["row_error_count"] = len(row_errors)
        self.write(vals)
        order_sudo.message_post(
            body=self.env._("Received by %(channel)s from %(sender)s.", channel=self.channel, sender=self.sender or "")
        )
        self._dealer_reply(
            parts, row_errors or (), notices, portal_url=order_sudo.get_portal_url(), line_notes=line_notes
        )

    def _dealer_reply(self, parts, row_errors=(), notices=(), portal_url=None, notify=True, line_notes=()):
        """Store the answer and give it to the dealer: by email in the
        thread, through WhatsApp after the commit, or (EDI uploads) on the
        page or in the API response that receives it. ``parts`` is a list of
        ``(paragraph, [bullet])``; ``line_notes`` are remarks on lines that
        were taken (a price in the file that did not apply)."""
        parts = list(parts)
        if notices:
            parts.append((" ".join(notices), []))
        if line_notes:
            parts.append((self.env._("Notes on your lines:"), [n["message"] for n in line_notes[:MAX_REPLY_ROWS]]))
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
        if self.channel == "edi":
            # The uploader reads the answer on the page or in the response.
            self.sudo().with_context(dealer_intake_reply=True).message_post(body=text, subtype_xmlid="mail.mt_note")
            return
        if self.channel == "whatsapp":
            self.reply_state = "pending"
            self.sudo().with_context(dealer_intake_reply=True).message_post(body=text)
            intake = self.browse(self.id)
            self.env.cr.postcommit.add(lambda: intake._dealer_whatsapp_send_after_commit())
            return
        body = _html_parts(parts)
        if url:
            body += Markup('<p><a href="%s">%s</a></p>') % (url, self.env._("Open it on the portal"))
        self.sudo().with_context(dealer_intake_reply=True).message_post(
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


def _html_parts(parts):
    """``[(paragraph, [bullet])]`` as escaped HTML."""
    return Markup("").join(
        Markup("<p>%s</p>") % p
        + (Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % b for b in bullets) if bullets else "")
        for p, bullets in parts
    )


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _parse_authentication_results(value):
    """``(authserv_id, [(method, result, {property: value})])`` of one
    ``Authentication-Results`` header (RFC 8601), lower-cased; comments are
    dropped. Linear in the header's length."""
    value = re.sub(r"\([^()]*\)", " ", value or "")
    parts = [p.strip() for p in value.split(";")]
    head = parts[0].split() if parts else []
    authserv_id = head[0].lower() if head else ""
    results = []
    for part in parts[1:]:
        tokens = part.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, __, result = tokens[0].partition("=")
        props = {}
        for token in tokens[1:]:
            key, sep, val = token.partition("=")
            if sep:
                props[key.lower()] = val.strip('"').lower().rstrip(".")
        results.append((method.lower(), result.lower(), props))
    return authserv_id, results


def _domain_aligned(signer, domain):
    """Relaxed DKIM alignment: the signing domain is the dealer's domain or
    one of its parents (never a bare top-level domain)."""
    signer = (signer or "").strip().lower().rstrip(".")
    domain = (domain or "").strip().lower()
    if not signer or "." not in signer or not domain:
        return False
    return domain == signer or domain.endswith("." + signer)


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
