import secrets

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..const import MAX_TIMEOUT


class DealerIntegrationEndpoint(models.Model):
    _name = "dealer.integration.endpoint"
    _description = "Integration Endpoint"
    _order = "name, id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True)
    url = fields.Char(
        "URL", required=True, help="Each event is POSTed here as JSON, signed with the secret (HMAC-SHA256)."
    )
    secret = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_hex(32),
        help="Shared with the receiver, which checks the X-Dealer-Signature header with it.",
    )
    event_type_ids = fields.Many2many(
        "dealer.integration.event.type", string="Events", help="The events sent to this endpoint."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    timeout = fields.Integer("Timeout (s)", default=10, help="Seconds to wait for each answer (1 to 30).")
    max_attempts = fields.Integer(
        default=8, help="After this many failed attempts an event is set aside (dead letter) with its last error."
    )
    event_ids = fields.One2many("dealer.integration.event", "endpoint_id", string="Event Log")
    # Written by the sending job: endpoints failing now are served last, so
    # their timeouts come after the healthy endpoints' work.
    consecutive_failures = fields.Integer(readonly=True, copy=False)
    retry_at = fields.Datetime(
        "Paused Until",
        readonly=True,
        copy=False,
        help="After a failure the endpoint is left alone until then (growing with each failure in a row).",
    )
    last_success_at = fields.Datetime("Last Success", compute="_compute_health")
    backlog_count = fields.Integer("Backlog", compute="_compute_health", help="Events waiting to be sent.")
    failed_count = fields.Integer(
        "Failures", compute="_compute_health", help="Events set aside after too many failed attempts."
    )
    last_error = fields.Text(compute="_compute_health")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _compute_health(self):
        Event = self.env["dealer.integration.event"]
        stats = {endpoint.id: {"pending": 0, "dead": 0, "sent": False} for endpoint in self}
        for endpoint, state, count, sent_at in Event._read_group(
            [("endpoint_id", "in", self.ids)], ["endpoint_id", "state"], ["__count", "sent_at:max"]
        ):
            stats[endpoint.id][state] = count
            if state == "sent":
                stats[endpoint.id]["sent"] = sent_at
        errors = {}
        failing = self.filtered("consecutive_failures")
        if failing:
            # The latest error of each failing endpoint, in one query.
            Event.flush_model(["endpoint_id", "last_error", "last_attempt_at"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (endpoint_id) endpoint_id, last_error
                      FROM dealer_integration_event
                     WHERE endpoint_id IN %s AND last_error IS NOT NULL
                     ORDER BY endpoint_id, last_attempt_at DESC NULLS LAST, id DESC
                    """,
                    tuple(failing.ids),
                )
            )
            errors = dict(self.env.cr.fetchall())
        for endpoint in self:
            endpoint.last_success_at = stats[endpoint.id]["sent"]
            endpoint.backlog_count = stats[endpoint.id]["pending"]
            endpoint.failed_count = stats[endpoint.id]["dead"]
            endpoint.last_error = errors.get(endpoint.id, False)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("url", "timeout", "max_attempts")
    def _check_settings(self):
        for endpoint in self:
            if not (endpoint.url or "").lower().startswith(("https://", "http://")):
                raise ValidationError(self.env._("The URL of an endpoint must start with https:// or http://."))
            if not 1 <= endpoint.timeout <= MAX_TIMEOUT:
                raise ValidationError(self.env._("The timeout must be between 1 and %(max)s seconds.", max=MAX_TIMEOUT))
            if endpoint.max_attempts < 1:
                raise ValidationError(self.env._("An event is tried at least once."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # Who subscribes to what is cached (every order change asks): any change
    # of an endpoint clears it.
    @api.model_create_multi
    def create(self, vals_list):
        endpoints = super().create(vals_list)
        self.env.registry.clear_cache()
        return endpoints

    def write(self, vals):
        res = super().write(vals)
        if {"active", "company_id", "event_type_ids"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def action_regenerate_secret(self):
        self.check_access("write")
        for endpoint in self:
            endpoint.secret = secrets.token_hex(32)
        return True

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_integration.dealer_integration_event_action")
        action["domain"] = [("endpoint_id", "=", self.id)]
        action["context"] = {"search_default_filter_not_sent": 1}
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache("event_type")
    def _dealer_subscriptions(self, event_type):
        """``{company id: (endpoint ids)}`` of the active endpoints subscribed
        to ``event_type``. Cached: every change of an order asks, and the
        answer changes only with the endpoints."""
        result = {}
        for endpoint in self.sudo().search([("event_type_ids.code", "=", event_type)], order="id"):
            result[endpoint.company_id.id] = (*result.get(endpoint.company_id.id, ()), endpoint.id)
        return result
