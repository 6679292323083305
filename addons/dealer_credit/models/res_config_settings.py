from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_credit_hold_days = fields.Integer(related="company_id.dealer_credit_hold_days", readonly=False)
    dealer_credit_contact = fields.Char(related="company_id.dealer_credit_contact", readonly=False)
