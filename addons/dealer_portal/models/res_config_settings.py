from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_public_catalog = fields.Boolean(related="website_id.dealer_public_catalog", readonly=False)
    dealer_order_desk_documents = fields.Selection(related="company_id.dealer_order_desk_documents", readonly=False)
