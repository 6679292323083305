import json

from odoo import api, fields, models


class DealerOrderAttempt(models.Model):
    """One submission of an order through any channel, and its outcome.

    Kept for every attempt, blocked ones included, so the error rate and the
    most frequent blocking reasons can be measured per channel and dealer.
    """

    _name = "dealer.order.attempt"
    _description = "Dealer Order Submission Attempt"
    _order = "create_date desc, id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    channel = fields.Selection(selection="_selection_channel", required=True, default="backoffice")
    outcome = fields.Selection(
        [
            ("blocked", "Blocked"),
            ("approval", "Sent for approval"),
            ("confirmed", "Confirmed"),
            ("overridden", "Block overridden"),
        ],
        required=True,
        index=True,
    )
    reason = fields.Text(help="Why a sales manager submitted the order although the checks blocked it.")
    issue_count = fields.Integer()
    issue_codes = fields.Char(help="Comma-separated issue codes, for grouping.")
    issues_json = fields.Text("Issues (JSON)")
    issues_text = fields.Text("Issues", compute="_compute_issues_text")
    amount_total = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency")

    @api.model
    def _selection_channel(self):
        return self.env["sale.order"]._fields["dealer_channel"].selection

    @api.depends("issues_json")
    def _compute_issues_text(self):
        for attempt in self:
            issues = json.loads(attempt.issues_json or "[]")
            attempt.issues_text = "\n".join(f"[{i['severity']}] {i['message']}" for i in issues)
