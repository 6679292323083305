import json

from odoo import api, fields, models


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
    issue_codes = fields.Char()
    issues_json = fields.Text()

    def _dealer_issues(self):
        """The pipeline issues this approval settles (as recorded when asked)."""
        return [issue for approval in self for issue in json.loads(approval.issues_json or "[]")]

    @api.model
    def _dealer_issue_key(self, issue):
        return issue["code"], issue.get("line_id") or False

    def _dealer_covers(self, issue):
        """True when an approval in ``self`` already settled ``issue``: same
        code and line, and, for credit, an excess no larger than approved."""
        key = self._dealer_issue_key(issue)
        for approved in self._dealer_issues():
            if self._dealer_issue_key(approved) != key:
                continue
            if issue["code"] == "over_credit":
                new_excess = issue.get("values", {}).get("excess", 0.0)
                if new_excess > approved.get("values", {}).get("excess", 0.0) + 0.005:
                    continue
            if issue["code"] == "price_nonstandard":
                new, old = issue.get("values", {}), approved.get("values", {})
                if (
                    abs(new.get("price_unit", 0.0) - old.get("price_unit", 0.0)) > 1e-6
                    or abs(new.get("system_price", 0.0) - old.get("system_price", 0.0)) > 1e-6
                ):
                    continue
            return True
        return False
