from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_credit_hold_days = fields.Integer(
        "Automatic Credit Hold After (days overdue)",
        default=0,
        help="Put a dealer on credit hold when its oldest unpaid invoice is overdue by more "
        "than this many days. 0 disables the automatic hold. A tier can set its own threshold.",
    )
    dealer_credit_contact = fields.Char(
        "Credit Contact",
        help="Who dealers should contact about credit, shown in credit messages "
        "(e.g. 'Credit control, credit@example.com, +1 555 0100'). Defaults to the company email.",
    )

    @api.constrains("dealer_credit_hold_days")
    def _check_dealer_credit_hold_days(self):
        if any(company.dealer_credit_hold_days < 0 for company in self):
            raise ValidationError(self.env._("The automatic credit hold threshold cannot be negative."))

    def _dealer_credit_contact_label(self):
        self.ensure_one()
        return self.dealer_credit_contact or self.email or self.name
