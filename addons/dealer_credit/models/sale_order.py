import json

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.dealer_pricing.const import APPROVAL, BLOCK

# Credit issues an approval settles only up to the order total it was asked for.
AMOUNT_BOUND_CODES = ("amount_above", "first_order", "credit_hold", "over_credit")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    dealer_approval_state = fields.Selection(
        [
            ("not_needed", "Not needed"),
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Approval",
        default="not_needed",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        readonly=True,
    )
    dealer_approval_reason = fields.Text(
        "Why Approval Is Needed",
        copy=False,
        readonly=True,
        help="Written for the dealer: shown on the portal while the order waits.",
    )
    dealer_rejection_reason = fields.Text("Rejection Reason", copy=False, readonly=True)
    dealer_approved_at = fields.Datetime("Approved On", copy=False, readonly=True)
    dealer_rejected_at = fields.Datetime("Rejected On", copy=False, readonly=True)
    dealer_approval_ids = fields.One2many("dealer.order.approval", "order_id", string="Approvals", copy=False)
    dealer_approval_level = fields.Integer("Current Level", compute="_compute_dealer_approval_info")
    dealer_approval_summary = fields.Text("Approval Reasons", compute="_compute_dealer_approval_info")
    dealer_approver_ids = fields.Many2many(
        "res.users",
        string="Current Approvers",
        compute="_compute_dealer_approval_info",
        search="_search_dealer_approver_ids",
    )
    dealer_can_approve = fields.Boolean(compute="_compute_dealer_approval_info")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("dealer_approval_ids.state", "dealer_approval_ids.level", "dealer_approval_ids.user_ids")
    @api.depends_context("uid")
    def _compute_dealer_approval_info(self):
        user = self.env.user
        for order in self:
            # Shown to whoever reads the order (dealers' portal pages included), who may not read approvals.
            pending_sudo = order.sudo().dealer_approval_ids._dealer_pending()
            order.dealer_approval_level = min(pending_sudo.mapped("level"), default=0)
            order.dealer_approver_ids = pending_sudo.user_ids
            order.dealer_approval_summary = (
                "\n".join(f"[{a.level}] {a.rule_name}: {a.reason or ''}" for a in pending_sudo) or False
            )
            order.dealer_can_approve = bool(
                order.dealer_approval_state == "pending"
                and not user.share
                and user in pending_sudo.user_ids
                and user not in order._dealer_own_users()
            )

    def _search_dealer_approver_ids(self, operator, value):
        return [("dealer_approval_ids", "any", [("state", "=", "pending"), ("user_ids", operator, value)])]

    # ------------------------------------------------------------------
    # The order-check pipeline
    # ------------------------------------------------------------------
    @api.model
    def _dealer_order_checkers(self):
        """Add the credit checks (credit hold, over available credit) and the
        issues only approval rules raise (amount above, first order) to the
        pipeline of ``dealer_pricing``; see its contract."""
        return super()._dealer_order_checkers() + ["_dealer_credit_issues", "_dealer_rule_issues"]

    @api.model
    def _dealer_pipeline_fields(self):
        return super()._dealer_pipeline_fields() | {
            "dealer_approval_state",
            "dealer_approval_reason",
            "dealer_rejection_reason",
            "dealer_approved_at",
            "dealer_rejected_at",
            "dealer_approval_ids",
        }

    def _dealer_issue_settled_by(self, issue, settled, approved_amount=None):
        """The credit issues are settled only up to what was approved: an
        order total raised since (``approved_amount``, company currency)
        needs a new approval, and so does a larger credit excess."""
        if not super()._dealer_issue_settled_by(issue, settled, approved_amount):
            return False
        currency = self.company_id.currency_id
        if (
            issue["code"] in AMOUNT_BOUND_CODES
            and approved_amount is not None
            and currency.compare_amounts(self._dealer_amount_company(), approved_amount) > 0
        ):
            return False
        if issue["code"] == "over_credit":
            new, old = issue.get("values", {}), settled.get("values", {})
            return currency.compare_amounts(new.get("excess", 0.0), old.get("excess", 0.0)) <= 0
        return True

    def _dealer_is_pending_approval(self):
        self.ensure_one()
        return self.dealer_approval_state == "pending"

    def _dealer_approval_allows_confirm(self):
        self.ensure_one()
        return super()._dealer_approval_allows_confirm() and self.dealer_approval_state not in ("pending", "rejected")

    def _dealer_credit_issues(self, lines=None, issues=None):
        """Credit hold and over-credit issues of this order. The order itself
        is left out of the exposure, so a re-check of a pending order does
        not count it twice."""
        self.ensure_one()
        position = self.partner_id.commercial_partner_id._dealer_credit_position(
            exclude_order_ids=self.ids, division=self._dealer_order_division()
        )
        issues = [self._dealer_credit_hold_issue(position), self._dealer_over_credit_issue(position)]
        return [issue for issue in issues if issue]

    def _dealer_credit_hold_issue(self, position):
        """The ``credit_hold`` issue when the dealer's credit ``position`` (see
        ``res.partner._dealer_credit_position``) is on hold, else None: a
        block or an approval, as the tier's credit hold policy in the order's division says."""
        if not position["on_hold"]:
            return None
        tier_sudo = self.partner_id._dealer_tier(self._dealer_order_division())
        contact = self.company_id._dealer_credit_contact_label()
        blocking = tier_sudo.dealer_credit_hold_policy != "approval"
        return self._dealer_issue(
            "credit_hold",
            BLOCK if blocking else APPROVAL,
            self.env._("Your account is on credit hold: %(reason)s.", reason=position["hold_reason"]),
            self.env._("Orders on account are paused until the hold is released. Contact %(contact)s.", contact=contact)
            if blocking
            else self.env._(
                "The order will be reviewed before it is confirmed. Questions: %(contact)s.", contact=contact
            ),
            values={
                "hold_reason": position["hold_reason"],
                "overdue_amount": position["overdue_amount"],
                "overdue_days": position["overdue_days"],
                "contact": contact,
            },
        )

    def _dealer_over_credit_issue(self, position):
        """The ``over_credit`` issue when this order's total exceeds the
        available credit of the dealer's ``position``, else None: a block or
        an approval, as the tier's credit policy in the order's division says."""
        if not position["limit_set"]:
            return None
        amount = self._dealer_amount_company()
        available = position["available"]
        if float_compare(amount, available, precision_rounding=self.company_id.currency_id.rounding) <= 0:
            return None
        tier_sudo = self.partner_id._dealer_tier(self._dealer_order_division())
        contact = self.company_id._dealer_credit_contact_label()
        shown_available = max(available, 0.0)
        excess = amount - shown_available
        blocking = tier_sudo.dealer_credit_policy != "approval"
        return self._dealer_issue(
            "over_credit",
            BLOCK if blocking else APPROVAL,
            self.env._(
                "Order total %(total)s exceeds your available credit of %(available)s by %(excess)s.",
                total=self._dealer_fmt_company(amount),
                available=self._dealer_fmt_company(shown_available),
                excess=self._dealer_fmt_company(excess),
            ),
            self.env._("Reduce the order or contact finance (%(contact)s).", contact=contact)
            if blocking
            else self.env._("Finance will review the order before it is confirmed."),
            values={
                "amount": amount,
                "available": available,
                "excess": excess,
                "limit": position["limit"],
                "exposure": position["exposure"],
                "currency": self.company_id.currency_id.name,
            },
        )

    def _dealer_rule_issues(self, lines, issues):
        """Approval issues that exist only because a rule asks for them: an
        order total above a rule's amount, a dealer's first order."""
        self.ensure_one()
        rules = self._dealer_approval_rules().filtered(
            lambda r: r.condition in ("amount_above", "first_order") and r._match(self, issues)
        )
        result = []
        above = rules.filtered(lambda r: r.condition == "amount_above")
        if above:
            threshold = min(above.mapped("amount"))
            result.append(
                self._dealer_issue(
                    "amount_above",
                    APPROVAL,
                    self.env._(
                        "Orders above %(threshold)s are approved before confirmation (this order: %(total)s).",
                        threshold=self._dealer_fmt_company(threshold),
                        total=self._dealer_fmt_company(self._dealer_amount_company()),
                    ),
                    self.env._("No action needed: you will be notified when it is confirmed."),
                    values={"amount": self._dealer_amount_company(), "threshold": threshold},
                )
            )
        if rules.filtered(lambda r: r.condition == "first_order"):
            result.append(
                self._dealer_issue(
                    "first_order",
                    APPROVAL,
                    self.env._("Your first order is reviewed by our team before confirmation."),
                    self.env._("No action needed: you will be notified when it is confirmed."),
                )
            )
        return result

    def _dealer_approval_rules(self):
        """Active approval rules of the order's company, in level order."""
        self.ensure_one()
        # Dealers submitting through the portal cannot read the rules that apply to them.
        return self.env["dealer.approval.rule"].sudo().search([("company_id", "=", self.company_id.id)])

    def _dealer_amount_company(self):
        """The order total in company currency, at the order date's rate."""
        self.ensure_one()
        rate = self.currency_rate or 1.0
        return self.company_id.currency_id.round(self.amount_total / rate)

    def _dealer_fmt_company(self, amount):
        self.ensure_one()
        currency = self.company_id.currency_id
        text = f"{amount:,.{currency.decimal_places}f}"
        return text if self.currency_id == currency else f"{text} {currency.name}"

    def _dealer_is_first_order(self):
        self.ensure_one()
        # Earlier orders of the dealer's other contacts count too, visible to the submitter or not.
        return not self.sudo().search_count(
            [
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                ("state", "=", "sale"),
                ("id", "!=", self.id),
            ],
            limit=1,
        )

    # ------------------------------------------------------------------
    # Submission hooks
    # ------------------------------------------------------------------
    def _dealer_submit(self, channel=None, submission_key=None):
        """A rejected order may be corrected and submitted again."""
        if (
            self.dealer_approval_state == "rejected"
            and self.state in ("draft", "sent")
            and (not submission_key or submission_key != self.dealer_submission_key)
        ):
            self.sudo().write({"dealer_submitted_at": False, "dealer_approval_state": "not_needed"})
        return super()._dealer_submit(channel=channel, submission_key=submission_key)

    def _dealer_settle_override(self, blocks, reason):
        """Keep a sales manager's override as an approval already given, so
        the check after the remaining approvals does not block again on
        what was overridden."""
        res = super()._dealer_settle_override(blocks, reason)
        vals = self._prepare_dealer_approval_values(
            blocks, 0, self.env.user, name=self.env._("Override by %(user)s", user=self.env.user.name)
        )
        vals.update(
            {
                "state": "approved",
                "decided_by": self.env.user.id,
                "decided_at": fields.Datetime.now(),
                "decision_note": reason,
            }
        )
        # Approval records are the workflow's own: nobody writes them directly.
        self.env["dealer.order.approval"].sudo().create(vals)
        return res

    def _dealer_request_approval(self, issues):
        """Route the order to the approvers of the matching rules (see
        ``_dealer_route_approval``) after the base marks it sent."""
        res = super()._dealer_request_approval(issues)
        self._dealer_route_approval(issues)
        return res

    # ------------------------------------------------------------------
    # Approval workflow
    # ------------------------------------------------------------------
    def _dealer_route_approval(self, issues, level_offset=0):
        """Create one approval per matching rule for the approval ``issues``,
        set the order pending and ask the first level. An approval issue no
        rule covers goes to the sales managers (the default route).
        ``level_offset`` puts the new approvals after existing ones."""
        self.ensure_one()
        approval_issues = [i for i in issues if i["severity"] == APPROVAL]
        vals_list = []
        covered = set()
        for rule in self._dealer_approval_rules():
            codes = rule._dealer_issue_codes()
            rule_issues = [i for i in approval_issues if i["code"] in codes]
            if not rule_issues or not rule._match(self, issues):
                continue
            covered.update(codes)
            vals_list.append(
                self._prepare_dealer_approval_values(
                    rule_issues,
                    rule.level + level_offset,
                    rule._dealer_approver_users() or self._dealer_default_approvers(),
                    rule=rule,
                )
            )
        uncovered = [i for i in approval_issues if i["code"] not in covered]
        if uncovered:
            vals_list.append(
                self._prepare_dealer_approval_values(
                    uncovered,
                    min((v["level"] for v in vals_list), default=1 + level_offset),
                    self._dealer_default_approvers(),
                    name=self.env._("Sales managers (default route)"),
                )
            )
        # Dealers submit through the portal and hold no rights on approvals.
        self.env["dealer.order.approval"].sudo().create(vals_list)
        self.sudo().write(
            {
                "dealer_approval_state": "pending",
                "dealer_approval_reason": self.env._(
                    "Waiting for approval: %(reasons)s", reasons=" ".join(i["message"] for i in approval_issues)
                ),
            }
        )
        self._dealer_activate_next_level()

    def _prepare_dealer_approval_values(self, issues, level, users, rule=None, name=None):
        """Values of one ``dealer.order.approval``; extend with ``super()``."""
        self.ensure_one()
        rule_name = name or rule.name
        return {
            "order_id": self.id,
            "rule_id": rule.id if rule else False,
            "rule_name": rule_name,
            "level": level,
            "user_ids": [Command.set(users.ids)],
            "state": "waiting",
            "reason": " ".join(i["message"] for i in issues),
            "amount_approved": self._dealer_amount_company(),
            "issue_codes": ",".join(sorted({i["code"] for i in issues})),
            "issues_json": json.dumps(issues, default=str),
        }

    def _dealer_default_approvers(self):
        """The approvers of an approval issue no rule covers, and of a rule
        whose approvers are all gone: the active internal sales managers of
        the order's company. Return ``res.users``; extend with ``super()``."""
        group = self.env.ref("sales_team.group_sale_manager")
        return group.sudo().users.filtered(lambda u: u.active and not u.share and self.company_id in u.company_ids)

    def _dealer_activate_next_level(self):
        """Ask the next level's approvers (activity and email), or finish the
        approval when every level has approved."""
        self.ensure_one()
        approvals_sudo = self.sudo().dealer_approval_ids
        if approvals_sudo._dealer_pending():
            return
        current = approvals_sudo._dealer_activate_next_level()
        if current:
            self._dealer_notify_approvers(current)
        else:
            self._dealer_finalize_approval()

    def _dealer_notify_approvers(self, approvals):
        """Tell the approvers of ``approvals`` (this order's level just asked,
        sudo) that the order waits for them: one approval activity per
        approver and one notification email. Extend with ``super()`` to
        reach them elsewhere; it must not change the approvals."""
        self.ensure_one()
        order_sudo = self.sudo()
        summary = self.env._("Approve dealer order %(name)s", name=self.name)
        approvals._dealer_schedule_activities(summary)
        partners = approvals.user_ids.partner_id
        if partners:
            body = self.env._(
                "Dealer order %(name)s of %(dealer)s (%(total)s) needs your approval: %(reasons)s",
                name=self.name,
                dealer=self.partner_id.commercial_partner_id.display_name,
                total=self._dealer_fmt_company(self._dealer_amount_company()),
                reasons=" ".join(approvals.mapped("reason")),
            )
            order_sudo.message_notify(
                partner_ids=partners.ids,
                body=body,
                subject=summary,
                email_layout_xmlid="mail.mail_notification_layout",
            )

    def _dealer_own_users(self):
        """Users for whom this order is their own: they may not approve it."""
        self.ensure_one()
        return self.dealer_submitted_by | self.create_uid

    def _dealer_check_approver(self):
        """Return the pending approvals the current user may give on this
        order, or raise. An order that is no longer pending yields nothing
        (approving twice has no second effect)."""
        self.ensure_one()
        user = self.env.user
        if user.share:
            raise AccessError(self.env._("Portal users cannot approve or reject orders."))
        if self.state == "cancel":
            raise UserError(self.env._("Order %(name)s is cancelled: it can no longer be approved.", name=self.name))
        if self.dealer_approval_state != "pending":
            return self.env["dealer.order.approval"]
        if user in self._dealer_own_users():
            raise AccessError(self.env._("You submitted order %(name)s: someone else must approve it.", name=self.name))
        # Approvers may hold no rights on approval records: their right is this check.
        pending_sudo = self.sudo().dealer_approval_ids._dealer_pending()
        mine_sudo = pending_sudo.filtered(lambda a: user in a.user_ids)
        if not mine_sudo:
            raise AccessError(
                self.env._(
                    "You are not an approver of order %(name)s at its current level (approvers: %(users)s).",
                    name=self.name,
                    users=", ".join(pending_sudo.user_ids.mapped("name")),
                )
            )
        return mine_sudo

    def action_dealer_approve(self):
        """Approve the current level of these orders as the current user. The
        rights (not one's own order, not a portal user, an approver of the
        level) are checked here, so they hold over RPC too."""
        for order in self:
            approvals = order._dealer_check_approver()
            if approvals:
                order._dealer_approve(approvals)
        return True

    def _dealer_approve(self, approvals):
        """Record the approval of ``approvals`` (checked by
        ``_dealer_check_approver``) and move on to the next level."""
        self.ensure_one()
        approvals._dealer_decide("approved")
        self._dealer_close_activities(approvals)
        self.message_post(
            body=self.env._(
                "Approved by %(user)s (level %(level)s, %(rules)s).",
                user=self.env.user.name,
                level=approvals[0].level,
                rules=", ".join(approvals.mapped("rule_name")),
            )
        )
        self._dealer_activate_next_level()

    def _dealer_close_activities(self, approvals=None):
        """Remove the approval activities of ``approvals``' approvers (all of
        them when None) who have nothing left to approve; the current user's
        is marked done."""
        self.ensure_one()
        self.sudo().dealer_approval_ids._dealer_close_activities(approvals.user_ids if approvals is not None else None)

    def _dealer_finalize_approval(self):
        """Every level approved: check the order again (credit may be used up,
        prices may have expired) and confirm it with native ``action_confirm``.
        Issues already approved are ignored; new blocking issues send the
        order back to the dealer; new approval issues ask further approvals."""
        self.ensure_one()
        self._dealer_lock_partner()
        approved_sudo = self.sudo().dealer_approval_ids.filtered(lambda a: a.state == "approved")
        issues = self._get_dealer_order_issues()
        new = [i for i in issues if i["severity"] in (BLOCK, APPROVAL) and not approved_sudo._dealer_covers(i)]
        blocks = [i for i in new if i["severity"] == BLOCK]
        if blocks:
            self._dealer_stop_approval(
                self.env._(
                    "The order was checked again after approval and can no longer be confirmed: %(issues)s",
                    issues=" ".join(f"{i['message']} {i['hint']}".strip() for i in blocks),
                ),
                automatic=True,
            )
            return
        if new:
            self.message_post(
                body=self.env._(
                    "Checked again after approval: new reasons need approval: %(issues)s",
                    issues=" ".join(i["message"] for i in new),
                )
            )
            self._dealer_route_approval(new, level_offset=max(approved_sudo.mapped("level"), default=0))
            return
        self.sudo().write(
            {
                "dealer_approval_state": "approved",
                "dealer_approved_at": fields.Datetime.now(),
                "dealer_approval_reason": False,
            }
        )
        # Approvers need not hold sales or stock rights; their right to approve was checked.
        self.sudo()._dealer_confirm()
        self.sudo().message_post(
            body=self.env._("Your order %(name)s was approved and confirmed.", name=self.name),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )

    def action_dealer_reject_wizard(self):
        self.ensure_one()
        self._dealer_check_approver()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Order"),
            "res_model": "dealer.order.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _dealer_reject_approval(self, reason):
        """Reject this order as the current user, with a ``reason`` the dealer
        is sent. Same rights as approving. Not a button (it takes the
        reason): the Reject button opens ``dealer.order.reject.wizard``."""
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the dealer is sent it."))
        approvals = self._dealer_check_approver()
        if not approvals:
            return False
        approvals._dealer_decide("rejected", note=reason)
        self._dealer_stop_approval(reason)
        return True

    def _dealer_stop_approval(self, reason, automatic=False):
        """Stop the approval: close every open approval and activity, record
        the reason and tell the dealer (email to the customer and followers).
        The order stays a quotation the dealer may correct and submit again."""
        self.ensure_one()
        order_sudo = self.sudo()
        order_sudo.dealer_approval_ids._dealer_cancel()
        order_sudo.write(
            {
                "dealer_approval_state": "rejected",
                "dealer_rejected_at": fields.Datetime.now(),
                "dealer_rejection_reason": reason,
                "dealer_approval_reason": False,
            }
        )
        self._dealer_close_activities()
        body = (
            self.env._("Your order %(name)s was not approved: %(reason)s", name=self.name, reason=reason)
            if automatic
            else self.env._(
                "Your order %(name)s was rejected by %(user)s: %(reason)s",
                name=self.name,
                user=self.env.user.name,
                reason=reason,
            )
        )
        order_sudo.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            # The reason may quote amounts: the order's own layout (the email
            # is unchanged) keeps it from roles that see no prices.
            email_layout_xmlid="mail.mail_notification_layout",
        )

    def _dealer_reset_approvals(self):
        """Lines of a pending order changed: what was approved no longer
        holds. Cancel the approvals; the order must be submitted again."""
        pending = self.filtered(lambda o: o.dealer_approval_state == "pending")
        if not pending:
            return
        for order in pending:
            order_sudo = order.sudo()
            order_sudo.dealer_approval_ids._dealer_cancel(decided=True)
            order_sudo.write(
                {
                    "dealer_approval_state": "not_needed",
                    "dealer_approval_reason": False,
                    "dealer_submitted_at": False,
                }
            )
            order._dealer_close_activities()
            order_sudo.message_post(
                body=self.env._(
                    "Lines changed by %(user)s while the order waited for approval: the approvals were reset. "
                    "Submit the order again.",
                    user=self.env.user.name,
                )
            )

    # ------------------------------------------------------------------
    # Native hooks
    # ------------------------------------------------------------------
    def _action_cancel(self):
        open_orders = self.filtered(lambda o: o.dealer_approval_state == "pending")
        res = super()._action_cancel()
        for order in open_orders:
            order.sudo().dealer_approval_ids._dealer_cancel()
            order.sudo().dealer_approval_state = "not_needed"
            order._dealer_close_activities()
        return res

    def action_dealer_resubmit(self):
        """Button: submit a rejected order again, as the back office's Submit."""
        self.ensure_one()
        return self.action_dealer_submit_backoffice()
