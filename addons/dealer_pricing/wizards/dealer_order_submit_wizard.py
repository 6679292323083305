import json

from markupsafe import Markup

from odoo import api, fields, models


class DealerOrderSubmitWizard(models.TransientModel):
    """What stopped a back-office submission, issue by issue, and the sales
    manager's override with its reason."""

    _name = "dealer.order.submit.wizard"
    _description = "Blocked Dealer Order Submission"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    attempt_id = fields.Many2one("dealer.order.attempt", readonly=True)
    issues_html = fields.Html("Issues", compute="_compute_issues_html", sanitize=True)
    can_override = fields.Boolean(compute="_compute_can_override")
    override_reason = fields.Text()

    @api.depends("attempt_id")
    def _compute_issues_html(self):
        for wizard in self:
            # The attempt log is written by the pipeline only; the user reads it through the order.
            issues = json.loads(wizard.attempt_id.sudo().issues_json or "[]")
            items = Markup("").join(
                Markup("<li><strong>%s</strong>: %s <em>%s</em></li>")
                % (issue["severity"], issue["message"], issue.get("hint") or "")
                for issue in issues
            )
            wizard.issues_html = Markup("<ul>%s</ul>") % items if issues else False

    @api.depends_context("uid")
    def _compute_can_override(self):
        manager = self.env.user.has_group("sales_team.group_sale_manager")
        for wizard in self:
            wizard.can_override = manager

    def action_override(self):
        self.ensure_one()
        return self.order_id.action_dealer_override(self.override_reason)
