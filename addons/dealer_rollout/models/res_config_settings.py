from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_dispute_post_credit_note = fields.Boolean(
        related="company_id.dealer_dispute_post_credit_note", readonly=False
    )
