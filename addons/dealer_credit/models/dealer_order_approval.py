import json

from odoo import fields, models

APPROVAL_ACTIVITY = "dealer_credit.mail_activity_type_dealer_approval"


class DealerOrderApproval(models.Model):
    """One approval a dealer order needs: which rule asked for it, at which
    level, who may give it, and who gave or refused it, when and why."""

    _name = "dealer.order.approval"
    _description = "Dealer Order Approval"
    _order = "order_id, level, id"
    _rec_name = "rule_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", related="order_id.partner_id.commercial_partner_id", store=True
    )
    rule_id = fields.Many2one("dealer.approval.rule", ondelete="set null", index=True)
    rule_name = fields.Char(
        required=True,
        help="Kept as text, so the record still says why if the rule is later changed or deleted.",
    )
    level = fields.Integer(required=True, default=1)
    user_ids = fields.Many2many(
        "res.users",
        "dealer_order_approval_res_users_rel",
        "approval_id",
        "user_id",
        string="Approvers",
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting for an earlier level"),
            ("pending", "To approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="waiting",
        required=True,
        index=True,
    )
    decided_by = fields.Many2one("res.users", readonly=True)
    decided_at = fields.Datetime(readonly=True)
    reason = fields.Text("Why", help="Why the order needs this approval, with the figures.")
    decision_note = fields.Text()
    amount_approved = fields.Float(
        "Order Total Asked",
        digits=0,
        help="The order total (company currency) when the approval was asked: a larger total needs a new approval.",
    )
    issue_codes = fields.Char()
    issues_json = fields.Text()

    # ------------------------------------------------------------------
    # The approval state machine: waiting -> pending -> approved / rejected,
    # or cancelled. Called on the approvals of one order (sudo: approval
    # records are the workflow's own, nobody writes them directly).
    # ------------------------------------------------------------------
    def _dealer_pending(self):
        """The approvals of ``self`` asked now (their level's turn)."""
        return self.filtered(lambda a: a.state == "pending")

    def _dealer_open(self):
        """The approvals of ``self`` not decided yet: waiting or pending."""
        return self.filtered(lambda a: a.state in ("waiting", "pending"))

    def _dealer_activate_next_level(self):
        """Ask the lowest waiting level of ``self`` (the approvals of one
        order, none of them pending): set it pending and return it. Empty
        when no level waits any more, i.e. every level has approved."""
        waiting = self.filtered(lambda a: a.state == "waiting")
        if not waiting:
            return waiting
        level = min(waiting.mapped("level"))
        current = waiting.filtered(lambda a: a.level == level)
        current.write({"state": "pending"})
        return current

    def _dealer_decide(self, state, note=None):
        """Record the current user's decision (``approved`` or ``rejected``,
        with an optional ``note``) on ``self``."""
        vals = {"state": state, "decided_by": self.env.user.id, "decided_at": fields.Datetime.now()}
        if note is not None:
            vals["decision_note"] = note
        self.write(vals)

    def _dealer_cancel(self, decided=False):
        """Cancel the open approvals of ``self``: the order no longer waits
        for them. With ``decided``, those already approved or rejected too:
        what they approved no longer holds."""
        approvals = self.filtered(lambda a: a.state != "cancelled") if decided else self._dealer_open()
        approvals.write({"state": "cancelled"})

    def _dealer_schedule_activities(self, summary):
        """One approval activity on the order per approver of ``self``, with
        the approval's reason as note."""
        for approval in self:
            order_sudo = approval.order_id.sudo().with_context(mail_activity_quick_update=True)
            for user in approval.user_ids:
                order_sudo.activity_schedule(APPROVAL_ACTIVITY, user_id=user.id, summary=summary, note=approval.reason)

    def _dealer_close_activities(self, users=None):
        """Close the approval activities, on the order of ``self`` (the
        approvals of one order), of ``users`` (every approver's when None)
        who have no approval of ``self`` pending any more: the current
        user's is marked done, the others are removed."""
        order_sudo = self.order_id.sudo()
        if not order_sudo:
            return
        still_pending = self._dealer_pending().user_ids
        if users is None:
            users = order_sudo.activity_ids.user_id
        activity_type = self.env.ref(APPROVAL_ACTIVITY, raise_if_not_found=False)
        activities = order_sudo.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type and a.user_id in users - still_pending
        )
        done = activities.filtered(lambda a: a.user_id == self.env.user)
        if done:
            done.action_feedback(feedback=self.env._("Approved"))
        (activities - done).unlink()

    # ------------------------------------------------------------------
    # What an approval settles
    # ------------------------------------------------------------------
    def _dealer_issues(self):
        """The pipeline issues this approval settles (as recorded when asked)."""
        return [issue for approval in self for issue in json.loads(approval.issues_json or "[]")]

    def _dealer_covers(self, issue):
        """True when an approval in ``self`` already settled ``issue``: the
        order decides, issue by issue (``_dealer_issue_settled_by``), given
        what was recorded when the approval was asked."""
        return any(
            approval.order_id._dealer_issue_settled_by(issue, settled, approval.amount_approved)
            for approval in self
            for settled in approval._dealer_issues()
        )
