from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_intake_relay_authserv_id = fields.Char(
        "Trusted Mail Relay",
        help="The authserv-id your own mail relay writes at the start of the Authentication-Results header it "
        "adds to incoming mail (for example mx.example.com). Set, an emailed order from a dealer user whose "
        "DKIM signature passed for the domain of the user's order email is submitted at once; any other "
        "email order waits for the confirmation link sent to the user's order email. Leave empty to always "
        "ask for the confirmation.",
    )
