import ipaddress
import json
import logging
import secrets
import socket
import string
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..const import IN_TRANSIT_STAGES
from ..tools.event_payload import PayloadError, validate_payload
from ..tools.signature import check_signature, sign  # noqa: F401 (sign: imported from here by callers)

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024

# Polling calls a URL with the account's API key: where it may go is for
# administrators. This system parameter lists the hosts (names, addresses or
# networks such as 10.0.0.0/8, separated by commas or spaces) it may reach
# over plain http or at a private, loopback or link-local address.
POLLING_ALLOWED_HOSTS_PARAM = "dealer_delivery.polling_allowed_hosts"
POLLING_URL_FIELDS = ("tracking_ref", "shipment")
MAX_POLL_TIMEOUT = 30
MAX_POLL_RETRIES = 5


class DealerCarrierAccount(models.Model):
    _name = "dealer.carrier.account"
    _description = "Carrier Tracking Account"
    _inherit = ["mail.thread"]
    _order = "name"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Identifies the account in the webhook address: /dealer_delivery/webhook/<code>.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    source = fields.Selection(
        [("carrier_api", "Carrier API"), ("rider_app", "Rider app")],
        required=True,
        default="carrier_api",
        help="Recorded on every event received through this account.",
    )
    secret = fields.Char(
        groups="stock.group_stock_manager",
        copy=False,
        default=lambda self: secrets.token_hex(32),
        help="Shared secret the carrier signs each request with (HMAC-SHA256).",
    )
    webhook_url = fields.Char("Webhook URL", compute="_compute_webhook_url")
    event_ids = fields.One2many("dealer.delivery.event", "carrier_account_id", string="Events")
    event_count = fields.Integer(compute="_compute_event_count")
    polling_enabled = fields.Boolean("Poll for Events", tracking=True)
    polling_url_template = fields.Char(
        "Tracking URL",
        help="Called for each shipment in transit; {tracking_ref} and {shipment} are replaced "
        "by the carrier's tracking number and the delivery order reference. The answer uses the webhook format. "
        "Set by administrators only: an https address of a public host, unless the host is listed in the "
        "system parameter dealer_delivery.polling_allowed_hosts.",
    )
    polling_api_key = fields.Char(
        "API Key", groups="stock.group_stock_manager", copy=False, help="Sent as a Bearer token."
    )
    polling_timeout = fields.Integer("Timeout (s)", default=10)
    polling_retries = fields.Integer("Retries", default=2)
    last_poll_at = fields.Datetime("Last Poll", readonly=True, copy=False)
    last_poll_status = fields.Selection([("ok", "OK"), ("error", "Failed")], readonly=True, copy=False)
    last_poll_error = fields.Text(readonly=True, copy=False)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a carrier account must be unique: it is part of its webhook URL."),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _compute_webhook_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for account in self:
            account.webhook_url = f"{base_url}/dealer_delivery/webhook/{account.code}" if account.code else False

    def _compute_event_count(self):
        groups = self.env["dealer.delivery.event"]._read_group(
            [("carrier_account_id", "in", self.ids)], ["carrier_account_id"], ["__count"]
        )
        counts = {account.id: count for account, count in groups}
        for account in self:
            account.event_count = counts.get(account.id, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("code")
    def _check_code(self):
        for account in self:
            if not account.code or quote(account.code, safe="") != account.code:
                raise ValidationError(self.env._("The code may only use letters, digits, '-', '_' and '.'."))

    @api.constrains("polling_url_template")
    def _check_polling_url_template(self):
        for account in self.filtered("polling_url_template"):
            template = account.polling_url_template
            try:
                names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
            except ValueError as exc:
                raise ValidationError(
                    self.env._("The tracking URL is not a valid template: %(error)s", error=exc)
                ) from None
            if not names <= set(POLLING_URL_FIELDS):
                raise ValidationError(
                    self.env._(
                        "The tracking URL may only use {tracking_ref} and {shipment}, not %(fields)s.",
                        fields=", ".join(sorted("{" + name + "}" for name in names - set(POLLING_URL_FIELDS))),
                    )
                )
            if "{" in urlsplit(template).netloc:
                raise ValidationError(self.env._("The host of the tracking URL cannot depend on the shipment."))
            try:
                account._dealer_check_polling_url(template, resolve=False)
            except UserError as exc:
                raise ValidationError(str(exc)) from None

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("polling_url_template") for vals in vals_list):
            self._dealer_check_polling_url_rights()
        return super().create(vals_list)

    def write(self, vals):
        if "polling_url_template" in vals:
            self._dealer_check_polling_url_rights()
        return super().write(vals)

    def _dealer_check_polling_url_rights(self):
        """The tracking URL is called with the API key, from the server:
        only administrators choose where it points."""
        if not self.env.is_system():
            raise AccessError(self.env._("Only administrators can set the tracking URL of a carrier account."))

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def action_regenerate_secret(self):
        self.check_access("write")
        for account in self:
            account.sudo().secret = secrets.token_hex(32)
        return True

    def action_poll_now(self):
        self.check_access("write")
        for account in self:
            account._dealer_poll_safely()
        return True

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_delivery.dealer_delivery_event_action")
        action["domain"] = [("carrier_account_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Webhook
    # ------------------------------------------------------------------
    def _dealer_handle_webhook(self, body, timestamp, signature):
        """Process one signed webhook request; return ``(http_status, dict)``.

        401 stale or missing timestamp, or bad signature; 400 malformed body
        (the reason says where); 409 an event id already received; 404 a
        shipment this account does not know; 200 ``{"accepted": n}``.
        Nothing is written unless every event is accepted.
        """
        self.ensure_one()
        error = self._dealer_check_signature(body, timestamp, signature)
        if error:
            return 401, {"error": "unauthorized", "reason": error}
        if len(body) > MAX_BODY_BYTES:
            return 400, {"error": "malformed", "reason": "the body is too large"}
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return 400, {"error": "malformed", "reason": f"the body is not valid JSON: {exc}"}
        try:
            events = validate_payload(data)
        except PayloadError as exc:
            return 400, {"error": "malformed", "reason": str(exc)}
        return self._dealer_ingest(events, strict=True)

    def _dealer_check_signature(self, body, timestamp, signature, now=None):
        """Return why the request cannot be trusted, or None."""
        self.ensure_one()
        # The secret is readable by stock managers only; the webhook runs for anyone.
        return check_signature(self.sudo().secret, body, timestamp, signature, now=now)

    def _dealer_ingest(self, events, strict=True):
        """Record ``events`` (from ``validate_payload``) for this account.

        An account knows only the shipments assigned to it (through its
        delivery method, or by hand on the delivery order), and no event
        takes a shipment past dispatched before the warehouse has validated
        it. ``strict`` (webhook): all or nothing; a known event id gives 409,
        a shipment not assigned to this account 404, an event past dispatched
        for a delivery order not done 422. Not strict (polling): those events
        are skipped. Returns ``(http_status, dict)``."""
        self.ensure_one()
        Event = self.env["dealer.delivery.event"].sudo()
        known = set(
            Event.search(
                [
                    ("carrier_account_id", "=", self.id),
                    ("external_id", "in", [e["external_id"] for e in events]),
                ]
            ).mapped("external_id")
        )
        if known and strict:
            return 409, {"error": "replayed", "reason": "events already received: " + ", ".join(sorted(known))}
        events = [e for e in events if e["external_id"] not in known]
        refs = list({e["shipment"] for e in events})
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("picking_type_code", "=", "outgoing"),
                    ("dealer_carrier_account_id", "=", self.id),
                    "|",
                    ("name", "in", refs),
                    ("carrier_tracking_ref", "in", refs),
                ]
            )
        )
        by_ref = {}
        for picking in pickings:
            by_ref.setdefault(picking.name, picking)
            if picking.carrier_tracking_ref:
                by_ref.setdefault(picking.carrier_tracking_ref, picking)
        unknown = sorted(ref for ref in refs if ref not in by_ref)
        if unknown and strict:
            return 404, {"error": "unknown_shipment", "reason": "unknown shipments: " + ", ".join(unknown)}
        premature = sorted(
            {
                event["shipment"]
                for event in events
                if event["shipment"] in by_ref and not by_ref[event["shipment"]]._dealer_event_allowed(event["stage"])
            }
        )
        if premature and strict:
            return 422, {
                "error": "not_dispatched",
                "reason": "these shipments have not left the warehouse yet; only dispatched, in_transit and "
                "exception events are accepted for them: " + ", ".join(premature),
            }
        vals_list = []
        for event in events:
            picking = by_ref.get(event["shipment"])
            if not picking or event["shipment"] in premature:
                continue
            vals = {k: v for k, v in event.items() if k != "shipment"}
            vals.update(picking_id=picking.id, carrier_account_id=self.id, source=self.source)
            vals_list.append(vals)
        if not vals_list:
            return 200, {"accepted": 0}
        try:
            with self.env.cr.savepoint():
                created = Event.create(vals_list)
        except (UserError, ValidationError) as exc:
            return 400, {"error": "malformed", "reason": str(exc)}
        return 200, {"accepted": len(created), "event_ids": created.ids}

    # ------------------------------------------------------------------
    # Polling
    # ------------------------------------------------------------------
    @api.model
    def _cron_poll(self):
        """Poll every account with polling on. An account failing is logged
        on it and the others still run."""
        for account in self.search([("polling_enabled", "=", True)]):
            account._dealer_poll_safely()

    def _dealer_poll_safely(self):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                accepted = self._dealer_poll()
        except Exception as exc:
            _logger.warning("Polling carrier account %s failed: %s", self.code, exc)
            self.write(
                {"last_poll_at": fields.Datetime.now(), "last_poll_status": "error", "last_poll_error": str(exc)[:2000]}
            )
            self.message_post(body=self.env._("Polling failed: %(error)s", error=str(exc)[:500]))
            return False
        self.write({"last_poll_at": fields.Datetime.now(), "last_poll_status": "ok", "last_poll_error": False})
        return accepted

    def _dealer_poll(self):
        """Ask the carrier's tracking API about each shipment in transit and
        record the new events; return how many. Raises on the first failed
        call after the retries."""
        self.ensure_one()
        if not self.polling_url_template:
            raise UserError(self.env._("No tracking URL is configured."))
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("dealer_carrier_account_id", "=", self.id),
                    ("dealer_stage", "in", list(IN_TRANSIT_STAGES)),
                ]
            )
        )
        if not pickings:
            return 0
        session = self._dealer_http_session()
        headers = {"Accept": "application/json"}
        api_key = self.sudo().polling_api_key
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        timeout = min(max(self.polling_timeout, 1), MAX_POLL_TIMEOUT)
        events = []
        for picking in pickings:
            url = self.polling_url_template.format(
                tracking_ref=quote(picking.carrier_tracking_ref or picking.name, safe=""),
                shipment=quote(picking.name, safe=""),
            )
            # Checked on every call: the allow-list or the host's DNS may have changed.
            self._dealer_check_polling_url(url)
            # No redirect is followed: it could lead the API key anywhere.
            response = session.get(url, headers=headers, timeout=timeout, allow_redirects=False, stream=True)
            with response:
                if response.is_redirect or 300 <= response.status_code < 400:
                    raise UserError(
                        self.env._(
                            "The tracking API answered %(shipment)s with a redirect (%(status)s), "
                            "which is not followed.",
                            shipment=picking.name,
                            status=response.status_code,
                        )
                    )
                response.raise_for_status()
                body = response.raw.read(MAX_BODY_BYTES + 1, decode_content=True)
            if len(body) > MAX_BODY_BYTES:
                raise UserError(self.env._("The answer for %(shipment)s is too large.", shipment=picking.name))
            try:
                polled = validate_payload(json.loads(body))
            except ValueError as exc:
                raise UserError(
                    self.env._("Bad answer for %(shipment)s: %(error)s", shipment=picking.name, error=str(exc))
                ) from exc
            for event in polled:
                event["shipment"] = picking.name
            events.extend(polled)
        if not events:
            return 0
        _status, result = self._dealer_ingest(events, strict=False)
        return result.get("accepted", 0)

    def _dealer_check_polling_url(self, url, resolve=True):
        """Raise ``UserError`` unless polling may call ``url``: https (http
        only to an allowed host), no credentials in it, and, when
        ``resolve``, a host whose every address is public unless the host or
        the address is allowed (see ``POLLING_ALLOWED_HOSTS_PARAM``)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            host = (parts.hostname or "").rstrip(".").lower()
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            host, port = "", None
        if scheme not in ("https", "http") or not host:
            raise UserError(self.env._("The tracking URL must be an https:// address with a host name."))
        if parts.username or parts.password:
            raise UserError(self.env._("Give the carrier's credentials as the API key, not in the tracking URL."))
        names, networks = self._dealer_polling_allowed_hosts()
        host_allowed = host in names
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None and any(literal in network for network in networks):
            host_allowed = True
        if scheme == "http" and not host_allowed:
            raise UserError(
                self.env._("The tracking URL must use https (%(host)s is not on the allow-list).", host=host)
            )
        if not resolve or host_allowed:
            return
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise UserError(self.env._("Cannot resolve %(host)s: %(error)s", host=host, error=exc)) from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if getattr(address, "ipv4_mapped", None):
                address = address.ipv4_mapped
            if (not address.is_global or address.is_multicast) and not any(address in net for net in networks):
                raise UserError(
                    self.env._(
                        "%(host)s resolves to %(address)s, which is not a public address; "
                        "an administrator can allow it in the system parameter %(param)s.",
                        host=host,
                        address=address,
                        param=POLLING_ALLOWED_HOSTS_PARAM,
                    )
                )

    def _dealer_polling_allowed_hosts(self):
        """``(host names, networks)`` polling may reach over http or at a
        non-public address: from ``POLLING_ALLOWED_HOSTS_PARAM``."""
        value = self.env["ir.config_parameter"].sudo().get_param(POLLING_ALLOWED_HOSTS_PARAM) or ""
        names, networks = set(), []
        for entry in value.replace(",", " ").split():
            entry = entry.strip().strip("[]").rstrip(".").lower()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry)
        return names, networks

    def _dealer_http_session(self):
        retries = min(max(self.polling_retries, 0), MAX_POLL_RETRIES)
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            redirect=0,
            backoff_factor=0.2,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset(["GET"]),
            raise_on_status=True,
        )
        session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session
