from odoo import api, fields, models
from odoo.exceptions import ValidationError

CREDIT_POLICIES = [
    ("block", "Block the order"),
    ("approval", "Send for approval"),
]


class DealerTier(models.Model):
    _inherit = "dealer.tier"

    dealer_credit_policy = fields.Selection(
        CREDIT_POLICIES,
        string="Over Credit Limit",
        default="block",
        required=True,
        tracking=True,
        help="What happens when a dealer of this tier submits an order above its available credit.",
    )
    dealer_credit_hold_policy = fields.Selection(
        CREDIT_POLICIES,
        string="On Credit Hold",
        default="block",
        required=True,
        tracking=True,
        help="What happens when a dealer of this tier on credit hold submits an order.",
    )
    dealer_credit_hold_days = fields.Integer(
        "Automatic Credit Hold After (days overdue)",
        default=0,
        tracking=True,
        help="Overrides the company's threshold for this tier. 0 uses the company's threshold.",
    )

    @api.constrains("dealer_credit_hold_days")
    def _check_dealer_credit_hold_days(self):
        if any(tier.dealer_credit_hold_days < 0 for tier in self):
            raise ValidationError(self.env._("The automatic credit hold threshold cannot be negative."))

    def _dealer_hold_threshold(self, company):
        """Days overdue after which dealers of this tier go on hold automatically
        (0: never). The tier's own threshold wins over the company's."""
        return (self.dealer_credit_hold_days if self else 0) or company.dealer_credit_hold_days
