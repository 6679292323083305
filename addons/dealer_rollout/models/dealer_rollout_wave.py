from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize
from odoo.tools.safe_eval import safe_eval

from ..const import WAVE_INVITE_ROLES, WAVE_OPEN_STATES

# Shown in full in the gate's message; the rest is counted.
MAX_SHOWN_FINDINGS = 20


class DealerRolloutWave(models.Model):
    """A group of dealers whose portal ordering opens together.

    Planned: the dealers' users may sign in and see their account and
    documents, but ordering on the portal waits for the wave (phone, email
    and WhatsApp orders go on as before). Pilot: the first, observed group orders. Live: the wave orders.
    Leaving "planned" is gated by the pricing audit of the wave's dealers;
    opening ordering dates each dealer's go-live once, and invites the
    wave's contacts to the portal in one batch.
    """

    _name = "dealer.rollout.wave"
    _inherit = ["mail.thread"]
    _description = "Dealer Roll-out Wave"
    _order = "planned_date, id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    state = fields.Selection(
        [("planned", "Planned"), ("pilot", "Pilot"), ("live", "Live")],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="Pilot and live both open ordering on the portal; the pilot is the first, observed group.",
    )
    planned_date = fields.Date(
        tracking=True, help="The day ordering is planned to open: shown to the wave's dealers until it does."
    )
    partner_ids = fields.One2many(
        "res.partner",
        "dealer_rollout_wave_id",
        string="Dealers",
        domain=[("parent_id", "=", False), "|", ("is_dealer", "=", True), ("dealer_tier_id", "!=", False)],
    )
    division_id = fields.Many2one(
        "dealer.division",
        "Division",
        index="btree_not_null",
        tracking=True,
        help="The division whose portal ordering this wave opens. Empty: the dealers' ordering in every division "
        "their own wave applies to.",
    )
    terms_ids = fields.One2many(
        "dealer.terms",
        "wave_id",
        string="Dealers' Terms",
        help="Dealers that go live in this wave in one division: their terms there name the wave.",
    )
    partner_count = fields.Integer("Dealer Count", compute="_compute_partner_count")
    dealer_domain = fields.Char(
        "Dealer Filter",
        default="[]",
        help="Which dealers “Add matching dealers” adds: tier, region (state, country), salesperson...",
    )
    live_date = fields.Date("Ordering Opened On", readonly=True, copy=False)
    opened_by_id = fields.Many2one("res.users", "Opened By", readonly=True, copy=False)
    opened_at = fields.Datetime(readonly=True, copy=False)
    live_by_id = fields.Many2one("res.users", "Taken Live By", readonly=True, copy=False)
    live_at = fields.Datetime("Taken Live At", readonly=True, copy=False)
    gate_audit_id = fields.Many2one("dealer.pricing.audit", "Gate Audit", readonly=True, copy=False)
    gate_error_count = fields.Integer(related="gate_audit_id.error_count", string="Blocking Findings")
    gate_audit_run_at = fields.Datetime(related="gate_audit_id.run_at", string="Audit Run On")
    gate_override_reason = fields.Text("Override Reason", readonly=True, copy=False, tracking=True)
    gate_override_user_id = fields.Many2one("res.users", "Overridden By", readonly=True, copy=False)
    gate_override_date = fields.Datetime("Overridden On", readonly=True, copy=False)
    invited_at = fields.Datetime(readonly=True, copy=False)
    invited_by_id = fields.Many2one("res.users", "Invited By", readonly=True, copy=False)
    invited_count = fields.Integer("Users Invited", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            [("dealer_rollout_wave_id", "in", self.ids)], ["dealer_rollout_wave_id"], ["__count"]
        )
        counts = {wave.id: count for wave, count in groups}
        for wave, count in self.env["dealer.terms"]._read_group(
            [("wave_id", "in", self.ids)], ["wave_id"], ["__count"]
        ):
            counts[wave.id] = counts.get(wave.id, 0) + count
        for wave in self:
            wave.partner_count = counts.get(wave.id, 0)

    def _dealer_wave_dealers(self):
        """The dealers of this wave: those whose own wave it is, and those
        whose terms in a division name it."""
        self.ensure_one()
        return self.partner_ids | self.terms_ids.partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _dealer_wave_record_fields(self):
        """Fields only the wave's own actions write: what the gate, the
        go-live and the invitation recorded. Extend with ``super()``."""
        return {
            "state",
            "live_date",
            "opened_by_id",
            "opened_at",
            "live_by_id",
            "live_at",
            "gate_audit_id",
            "gate_override_reason",
            "gate_override_user_id",
            "gate_override_date",
            "invited_at",
            "invited_by_id",
            "invited_count",
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dealer_check_record_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._dealer_check_record_write(vals)
        return super().write(vals)

    @api.model
    def _dealer_check_record_write(self, vals):
        # The record of who opened the wave and why the gate was overridden
        # is evidence: any RPC caller may send these values, only the
        # actions (elevated) write them.
        if self.env.su:
            return
        forged = self._dealer_wave_record_fields() & set(vals)
        if forged:
            raise AccessError(
                self.env._(
                    "%(fields)s are set by the wave's actions only.",
                    fields=", ".join(sorted(forged)),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_open(self):
        if any(wave.state in WAVE_OPEN_STATES for wave in self):
            raise UserError(self.env._("A wave whose dealers already order cannot be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_add_matching_dealers(self):
        """Add the dealers of the wave's company that match its filter and
        are in no wave yet (one wave per dealer)."""
        self.ensure_one()
        self.check_access("write")
        matching = self.env["res.partner"].search(self._dealer_matching_domain())
        if matching:
            matching.write({"dealer_rollout_wave_id": self.id})
        return self._dealer_notification(
            self.env._("%(count)s dealer(s) added to %(wave)s.", count=len(matching), wave=self.name),
            "success" if matching else "info",
        )

    def action_run_gate_audit(self):
        """Run the pricing audit on this wave's dealers and link it."""
        self.ensure_one()
        self.check_access("write")
        self._dealer_run_gate_audit()
        return self.action_view_gate_audit()

    def action_view_gate_audit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.pricing.audit",
            "res_id": self.gate_audit_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_start_pilot(self):
        """Open ordering for this wave as the pilot group (gated)."""
        return self._dealer_request_state("pilot")

    def action_go_live(self):
        """Open ordering for the whole wave (gated when still planned)."""
        return self._dealer_request_state("live")

    def action_invite_contacts(self):
        """Invite the contacts of this open wave not invited yet (dealers
        added after the go-live, contacts given an email since)."""
        self.ensure_one()
        self.check_access("write")
        if self.state not in WAVE_OPEN_STATES:
            raise UserError(self.env._("Contacts are invited when the wave opens ordering."))
        count = self._dealer_invite_contacts()
        return self._dealer_notification(
            self.env._("%(count)s contact(s) invited to the portal.", count=count), "success" if count else "info"
        )

    def action_override_gate(self, reason, state="live"):
        """Open ordering although the pricing audit of the wave's dealers has
        blocking findings: a sales manager's decision, with a mandatory
        ``reason``, kept on the wave and in its log."""
        self.ensure_one()
        self.check_access("write")
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales manager may override the go-live gate."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the override: it is kept on the wave."))
        if state not in WAVE_OPEN_STATES or self.state != "planned":
            raise UserError(self.env._("Only a planned wave is gated."))
        blocking = self._dealer_gate_findings()
        # The override is the wave's record; written by this action only.
        self.sudo().write(
            {
                "gate_override_reason": reason,
                "gate_override_user_id": self.env.user.id,
                "gate_override_date": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._(
                "Go-live gate overridden by %(user)s: %(reason)s. Blocking findings then: %(count)s.",
                user=self.env.user.name,
                reason=reason,
                count=len(blocking),
            )
        )
        self._dealer_set_state(state, check_gate=False)
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_matching_domain(self):
        """The dealers ``action_add_matching_dealers`` adds: commercial
        dealers of the wave's company, in no wave yet, matching the filter."""
        self.ensure_one()
        try:
            domain = safe_eval(self.dealer_domain or "[]")
        except (ValueError, SyntaxError, NameError) as exc:
            raise UserError(self.env._("The dealer filter is not a valid domain: %(error)s", error=exc)) from exc
        return [
            ("parent_id", "=", False),
            ("company_id", "in", [self.company_id.id, False]),
            ("dealer_rollout_wave_id", "=", False),
            *self.env["res.partner"]._dealer_dealer_domain(path="commercial_partner_id"),
            *domain,
        ]

    def _dealer_run_gate_audit(self):
        """Run the pricing audit on the wave's dealers only (the linked audit
        is run again; a first run creates it). Returns the audit."""
        self.ensure_one()
        if not self._dealer_wave_dealers():
            # An audit scoped to no dealer would audit them all.
            raise UserError(self.env._("Wave %(wave)s has no dealers yet: add some first.", wave=self.name))
        audit = self.gate_audit_id
        if not audit:
            audit = self.env["dealer.pricing.audit"].create(
                {
                    "name": self.env._("Go-live gate: %(wave)s", wave=self.name),
                    "company_id": self.company_id.id,
                }
            )
            # The link is the wave's record, written by its actions only.
            self.sudo().gate_audit_id = audit
        audit.partner_ids = [Command.set(self._dealer_wave_dealers().ids)]
        audit.action_run()
        return audit

    def _dealer_gate_findings(self):
        """The error-severity findings of the gate audit (run now)."""
        self.ensure_one()
        audit = self._dealer_run_gate_audit()
        return audit.finding_ids.filtered(lambda line: line.severity == "error")

    def _dealer_gate_message(self, findings):
        self.ensure_one()
        shown = findings[:MAX_SHOWN_FINDINGS]
        lines = [f"- {line.message}" for line in shown]
        if len(findings) > len(shown):
            lines.append(self.env._("... and %(count)s more.", count=len(findings) - len(shown)))
        return self.env._(
            "Wave %(wave)s cannot open ordering: the pricing audit of its dealers has %(count)s blocking "
            "finding(s).\n%(findings)s\nFix them and run the audit again, or ask a sales manager to override.",
            wave=self.name,
            count=len(findings),
            findings="\n".join(lines),
        )

    def _dealer_request_state(self, state):
        """The buttons: a planned wave whose audit has blocking findings stays
        planned and the gate dialog opens (with the override for sales
        managers); otherwise the wave moves to ``state``."""
        self.ensure_one()
        self.check_access("write")
        if self.state == "planned":
            findings = self._dealer_gate_findings()
            if findings:
                return self.env["dealer.rollout.wave.gate"]._dealer_open_for(self, state, findings)
        self._dealer_set_state(state, check_gate=False)
        return True

    def _dealer_set_state(self, state, check_gate=True):
        """Move the wave to ``state``. Leaving "planned" is refused while the
        gate audit has blocking findings (``check_gate`` False only when the
        caller just ran it, or a manager overrode it). Opening ordering dates each dealer's go-live once and
        invites the wave's contacts; who did it and when is recorded."""
        self.ensure_one()
        order = ("planned", "pilot", "live")
        if state not in WAVE_OPEN_STATES or order.index(state) <= order.index(self.state):
            raise UserError(
                self.env._(
                    "Wave %(wave)s cannot go from %(current)s to %(target)s.",
                    wave=self.name,
                    current=self.state,
                    target=state,
                )
            )
        if self.state == "planned" and check_gate:
            findings = self._dealer_gate_findings()
            if findings:
                raise UserError(self._dealer_gate_message(findings))
        now = fields.Datetime.now()
        vals = {"state": state}
        if not self.opened_at:
            vals.update(live_date=fields.Date.context_today(self), opened_at=now, opened_by_id=self.env.user.id)
        if state == "live":
            vals.update(live_at=now, live_by_id=self.env.user.id)
        # The state and the record of who opened the wave: written by this action only.
        self.sudo().write(vals)
        self._dealer_wave_dealers()._dealer_rollout_mark_live(wave=self)
        self._dealer_invite_contacts()

    def _dealer_invite_contacts(self):
        """Give portal access to every contact of the wave's dealers that has
        an email and no portal access yet, in one batch through the native
        portal wizard (``portal.wizard.user.action_grant_access``); the
        invitation is the wave's branded email, queued. Existing portal
        users are never invited twice. Returns the number invited."""
        self.ensure_one()
        contacts = self.env["res.partner"].search(
            [
                ("commercial_partner_id", "in", self._dealer_wave_dealers().ids),
                ("id", "not in", self._dealer_wave_dealers().ids),
                ("type", "in", ("contact", "other")),
                ("email", "!=", False),
            ],
            order="id",
        )
        # One login per address: a second contact sharing an email is left out.
        seen = set()
        for contact in contacts:
            email = email_normalize(contact.email)
            if not email or email in seen:
                contacts -= contact
            seen.add(email)
        if not contacts:
            return 0
        # The native wizard needs portal-admin rights; the wave's manager may
        # open its dealers' access, not manage users at large.
        wizard_sudo = (
            self.env["portal.wizard"]
            .sudo()
            .with_company(self.company_id)
            .with_context(active_test=True)
            .create({"partner_ids": [Command.set(contacts.ids)]})
        )
        to_invite_sudo = wizard_sudo.user_ids.filtered(
            lambda u: not u.is_portal and not u.is_internal and u.email_state == "ok"
        )
        invite_ctx = {"dealer_rollout_wave_id": self.id, "dealer_rollout_inviter_id": self.env.user.id}
        for wizard_user_sudo in to_invite_sudo:
            wizard_user_sudo.with_context(**invite_ctx).action_grant_access()
        users_sudo = to_invite_sudo.with_context(active_test=False).partner_id.user_ids.filtered("share")
        no_role_sudo = users_sudo.filtered(lambda u: not u._dealer_roles())
        for user_sudo in no_role_sudo:
            user_sudo._dealer_set_roles(WAVE_INVITE_ROLES)
        if to_invite_sudo:
            # The record of the invitation: written by the wave's actions only.
            self.sudo().write(
                {
                    "invited_at": fields.Datetime.now(),
                    "invited_by_id": self.env.user.id,
                    "invited_count": self.invited_count + len(to_invite_sudo),
                }
            )
            self.message_post(
                body=self.env._(
                    "%(count)s contact(s) invited to the portal by %(user)s: %(names)s",
                    count=len(to_invite_sudo),
                    user=self.env.user.name,
                    names=", ".join(to_invite_sudo.partner_id.mapped("display_name")),
                )
            )
        return len(to_invite_sudo)

    def _dealer_notification(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
