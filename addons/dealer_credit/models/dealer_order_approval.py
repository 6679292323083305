import json

from odoo import fields, models


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
        "Rule Name",
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
    decision_note = fields.Text("Decision Note")
    amount_approved = fields.Float(
        "Order Total Asked",
        digits=0,
        help="The order total (company currency) when the approval was asked: a larger total needs a new approval.",
    )
    issue_codes = fields.Char()
    issues_json = fields.Text()

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
