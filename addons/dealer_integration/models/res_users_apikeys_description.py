from odoo import api, models
from odoo.exceptions import AccessError


class ResUsersApikeysDescription(models.TransientModel):
    _inherit = "res.users.apikeys.description"

    def check_access_make_key(self):
        """A dealer's portal user creates a key only when its company has the
        dealer API enabled; other users keep the native rule."""
        res = super().check_access_make_key()
        user = self.env.user
        if user.share and user._dealer_commercial_partner() and not user._dealer_api_allowed():
            raise AccessError(
                self.env._("Your company does not use the dealer API. Ask your account manager to enable it.")
            )
        return res

    @api.model
    def _dealer_portal_keys_on(self):
        # A system setting a portal user cannot read.
        return bool(self.env["ir.config_parameter"].sudo().get_param("portal.allow_api_keys"))
