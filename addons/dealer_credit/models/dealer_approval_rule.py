from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_pricing.const import APPROVAL, ISSUE_PRICE_NONSTANDARD

# Condition -> codes of the pipeline issues a rule of that condition approves.
CONDITION_ISSUE_CODES = {
    "amount_above": ("amount_above",),
    "over_credit": ("over_credit",),
    "nonstandard_price": (ISSUE_PRICE_NONSTANDARD,),
    "credit_hold": ("credit_hold",),
    "first_order": ("first_order",),
}
# Conditions the pipeline raises as issues of its own; the others (amount
# above, first order) are measured by the rule, which then raises the issue.
ISSUE_CONDITIONS = ("over_credit", "nonstandard_price", "credit_hold")


class DealerApprovalRule(models.Model):
    """Who must approve which dealer orders.

    A rule matches an order through small predicates, one per aspect
    (company, tier, condition), as ``delivery.carrier._match`` does. Every
    matching rule adds one approval to the order at the rule's level; levels
    are approved in order.
    """

    _name = "dealer.approval.rule"
    _description = "Dealer Order Approval Rule"
    _inherit = "mail.thread"
    _order = "level, sequence, id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    tier_ids = fields.Many2many(
        "dealer.tier",
        string="Tiers",
        tracking=True,
        help="Only orders of dealers in these tiers. Empty: every tier.",
    )
    condition = fields.Selection(
        [
            ("amount_above", "Order total above an amount"),
            ("over_credit", "Order over available credit"),
            ("nonstandard_price", "A line has a non-standard price"),
            ("credit_hold", "Dealer on credit hold"),
            ("first_order", "Dealer's first order"),
        ],
        required=True,
        default="amount_above",
        tracking=True,
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="Orders whose total (taxes included, in company currency) is above this amount.",
    )
    level = fields.Integer(
        default=1,
        required=True,
        tracking=True,
        help="Approval level: every approval of level 1 is given before level 2 is asked, and so on.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Approvers",
        domain=[("share", "=", False)],
        tracking=True,
        help="Any one of these users may approve.",
    )
    group_id = fields.Many2one(
        "res.groups",
        string="Approver Group",
        tracking=True,
        help="Any internal user of this group may approve, in addition to the users above.",
    )
    note = fields.Text()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("user_ids", "group_id")
    def _check_approvers(self):
        for rule in self:
            if not rule.user_ids and not rule.group_id:
                raise ValidationError(
                    self.env._("Approval rule %(rule)s needs an approver: a user or a group.", rule=rule.display_name)
                )
            if any(user.share for user in rule.user_ids):
                raise ValidationError(
                    self.env._("Approval rule %(rule)s: portal users cannot approve orders.", rule=rule.display_name)
                )

    @api.constrains("condition", "amount", "level")
    def _check_amount_level(self):
        for rule in self:
            if rule.level < 1:
                raise ValidationError(self.env._("The approval level starts at 1."))
            if rule.condition == "amount_above" and rule.amount <= 0:
                raise ValidationError(
                    self.env._("Approval rule %(rule)s: set an amount above zero.", rule=rule.display_name)
                )

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    def _match(self, order, issues):
        """True when this rule asks for an approval of ``order``, given the
        pipeline ``issues`` of the order. One predicate per aspect, each true
        when its aspect does not apply to the rule's condition, composed as
        ``delivery.carrier._match``."""
        self.ensure_one()
        return (
            self._match_company(order)
            and self._match_tier(order)
            and self._match_amount(order)
            and self._match_first_order(order)
            and self._match_issues(issues)
        )

    def _match_company(self, order):
        return self.company_id == order.company_id

    def _match_tier(self, order):
        # The dealer's tier in the order's division: its terms there.
        return not self.tier_ids or order.partner_id._dealer_tier(order._dealer_order_division()) in self.tier_ids

    def _match_amount(self, order):
        return self.condition != "amount_above" or order._dealer_amount_company() > self.amount

    def _match_first_order(self, order):
        return self.condition != "first_order" or order._dealer_is_first_order()

    def _match_issues(self, issues):
        """Conditions raised by the pipeline itself (over credit, credit hold,
        non-standard price) match when one of its approval issues has their
        code."""
        if self.condition not in ISSUE_CONDITIONS:
            return True
        codes = self._dealer_issue_codes()
        return any(i["code"] in codes and i["severity"] == APPROVAL for i in issues)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_issue_codes(self):
        """Codes of the pipeline issues an approval under this rule settles."""
        self.ensure_one()
        return CONDITION_ISSUE_CODES[self.condition]

    def _dealer_approver_users(self):
        """Internal, active users who may approve under this rule."""
        self.ensure_one()
        users = self.user_ids | self.group_id.sudo().users
        return users.filtered(lambda u: u.active and not u.share)

    @api.depends("name", "level")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = self.env._("%(name)s (level %(level)s)", name=rule.name or "", level=rule.level)
