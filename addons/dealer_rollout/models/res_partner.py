from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

from ..const import WAVE_OPEN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_rollout_wave_id = fields.Many2one(
        "dealer.rollout.wave",
        string="Roll-out Wave",
        index=True,
        copy=False,
        tracking=True,
        ondelete="set null",
        help="The wave in which this dealer's portal ordering opens. A dealer in no wave orders as usual.",
    )
    dealer_live_date = fields.Date(
        "Portal Live Since",
        readonly=True,
        copy=False,
        help="The day this dealer's ordering opened through its roll-out wave. Set once, never overwritten.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        self._dealer_rollout_check_write(vals)
        res = super().write(vals)
        if vals.get("dealer_rollout_wave_id"):
            # A dealer added to a wave that already orders goes live with it.
            self._dealer_rollout_mark_live()
        return res

    @api.model
    def _dealer_rollout_check_write(self, vals):
        # The go-live date is the KPIs' "before and after": set by the wave
        # only. Which wave a dealer is in is the sales managers' planning.
        if self.env.su:
            return
        if "dealer_live_date" in vals:
            raise AccessError(self.env._("The portal go-live date is set when the dealer's wave opens ordering."))
        if "dealer_rollout_wave_id" in vals and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers plan the roll-out waves."))

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_rollout_mark_live(self, wave=None):
        """Date the go-live of these dealers whose wave (their own, or
        ``wave``, which their terms in a division name) opened ordering,
        once: a date already set is never overwritten (the first division
        to go live dates it)."""
        # Waves and go-live dates are back-office data; the dates are written
        # by the roll-out only (see _dealer_rollout_check_write).
        dealers_sudo = self.sudo().filtered(
            lambda p: not p.dealer_live_date
            and ((wave and wave.state in WAVE_OPEN_STATES) or p.dealer_rollout_wave_id.state in WAVE_OPEN_STATES)
        )
        if dealers_sudo:
            dealers_sudo.write({"dealer_live_date": fields.Date.context_today(self)})

    def _dealer_rollout_wave(self, division=None):
        """The roll-out wave (sudo, possibly empty) of this partner's dealer
        in ``division``: the wave its terms there name, else its own wave
        when that wave rolls out the division or every division. Without a
        division: its own wave."""
        self.ensure_one()
        # The wave is back-office planning a dealer's users cannot read.
        commercial_sudo = self.sudo().commercial_partner_id
        own = commercial_sudo.dealer_rollout_wave_id
        division = self._dealer_division_record(division)
        if not division:
            return own
        terms = self._dealer_terms(division)
        if terms.wave_id:
            return terms.wave_id
        if own and (not own.division_id or own.division_id == division):
            return own
        # An empty wave, elevated like the ones returned above (configuration, read by the pipeline).
        return self.env["dealer.rollout.wave"].sudo()

    def _dealer_ordering_open(self, division=None):
        """Whether this partner's dealer (its commercial partner) orders on
        the portal of ``division`` (see ``_dealer_rollout_wave``): always,
        unless its roll-out wave there has not opened ordering yet. Phone,
        email, WhatsApp and back-office orders are never concerned."""
        self.ensure_one()
        wave_sudo = self._dealer_rollout_wave(division)
        return not wave_sudo or wave_sudo.state in WAVE_OPEN_STATES

    def _dealer_ordering_closed_message(self, division=None):
        """What the dealer is told while its ordering in ``division`` is not
        open yet ("Ordering on the portal opens on ..."), or False when it is."""
        self.ensure_one()
        if self._dealer_ordering_open(division):
            return False
        # As above: the planned date is shown, the wave itself is not.
        wave_sudo = self._dealer_rollout_wave(division)
        if wave_sudo.planned_date:
            return self.env._(
                "Ordering on the portal opens on %(date)s.", date=format_date(self.env, wave_sudo.planned_date)
            )
        return self.env._("Ordering on the portal is not open yet for your company.")

    dealer_status_query_count = fields.Integer(
        "Status Queries", compute="_compute_dealer_status_query_count", groups="sales_team.group_sale_salesman"
    )

    dealer_is_dealer_contact = fields.Boolean(
        compute="_compute_dealer_status_query_count",
        groups="sales_team.group_sale_salesman",
        help="The partner or its company is a dealer.",
    )

    def _compute_dealer_status_query_count(self):
        # A contact being created (a new record) may have no stored company yet.
        commercial = self.commercial_partner_id._origin
        counts = dict(
            self.env["dealer.status.query"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.dealer_status_query_count = counts.get(partner.commercial_partner_id._origin, 0)
            partner.dealer_is_dealer_contact = partner.commercial_partner_id._dealer_is_dealer()

    def action_dealer_log_status_call(self):
        """One click: this dealer phoned asking where an order is."""
        self.ensure_one()
        Query = self.env["dealer.status.query"]
        return Query._dealer_logged_notification(Query._dealer_log_call(self))

    def action_dealer_view_status_queries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rollout.dealer_status_query_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
