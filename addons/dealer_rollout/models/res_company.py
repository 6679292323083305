from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_dispute_post_credit_note = fields.Boolean(
        string="Post Dispute Credit Notes",
        default=True,
        help="Accepting a dealer's price dispute posts its credit note at once. Off: the credit note is left "
        "in draft for accounting to check and post.",
    )
