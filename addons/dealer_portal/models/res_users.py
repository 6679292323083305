from odoo import models

# Role key -> XML id of the group that grants it.
DEALER_ROLES = {
    "order_desk": "dealer_portal.dealer_portal_group_order_desk",
    "warehouse": "dealer_portal.dealer_portal_group_warehouse",
    "finance": "dealer_portal.dealer_portal_group_finance",
    "admin": "dealer_portal.dealer_portal_group_admin",
}


class ResUsers(models.Model):
    _inherit = "res.users"

    def _dealer_has_role(self, role):
        """True when this user holds the dealer portal ``role`` (see
        ``DEALER_ROLES``). Internal users hold every role: back-office staff
        may open any portal page on a dealer's behalf."""
        self.ensure_one()
        if not self.share:
            return True
        return self.has_group(DEALER_ROLES[role])

    def _dealer_roles(self):
        self.ensure_one()
        return {role for role in DEALER_ROLES if self._dealer_has_role(role)}
