from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The parameter keys keep the name they had when the intake was part of
    # the portal, so that an upgraded database keeps its settings.
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
