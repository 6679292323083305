from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_public_catalog = fields.Boolean(related="website_id.dealer_public_catalog", readonly=False)
    dealer_order_desk_documents = fields.Selection(related="company_id.dealer_order_desk_documents", readonly=False)
    dealer_whatsapp_verify_token = fields.Char(
        "WhatsApp Verify Token", config_parameter="dealer_portal.whatsapp_verify_token"
    )
    dealer_whatsapp_app_secret = fields.Char(
        "WhatsApp App Secret", config_parameter="dealer_portal.whatsapp_app_secret"
    )
    dealer_whatsapp_access_token = fields.Char(
        "WhatsApp Access Token", config_parameter="dealer_portal.whatsapp_access_token"
    )
    dealer_whatsapp_phone_number_id = fields.Char(
        "WhatsApp Phone Number ID", config_parameter="dealer_portal.whatsapp_phone_number_id"
    )
    dealer_intake_relay_authserv_id = fields.Char(related="company_id.dealer_intake_relay_authserv_id", readonly=False)
