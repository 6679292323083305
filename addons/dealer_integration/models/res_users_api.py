from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _dealer_api_allowed(self):
        """True when this user may use the dealer API: a dealer's portal user
        (active) whose company has the API enabled, while customers may
        generate API keys (``portal.allow_api_keys``)."""
        self.ensure_one()
        if not self.active or not self.share or not self.env["res.users.apikeys.description"]._dealer_portal_keys_on():
            return False
        dealer_sudo = self._dealer_commercial_partner()
        return bool(dealer_sudo and dealer_sudo.dealer_api_enabled)
