from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError

# Role key -> XML id of the group that grants it.
DEALER_ROLES = {
    "order_desk": "dealer_portal.dealer_portal_group_order_desk",
    "warehouse": "dealer_portal.dealer_portal_group_warehouse",
    "finance": "dealer_portal.dealer_portal_group_finance",
    "admin": "dealer_portal.dealer_portal_group_admin",
}


class ResUsers(models.Model):
    _inherit = "res.users"

    dealer_deactivated_by_id = fields.Many2one(
        "res.users",
        string="Deactivated By",
        readonly=True,
        copy=False,
        help="Who archived this user last. A dealer's portal administrator may only reactivate "
        "users its own company deactivated, never one the manufacturer archived.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if "active" in vals:
            # env.user is the real user even under sudo: the dealer admin's
            # page archives through sudo and must be told apart from staff.
            vals = dict(vals, dealer_deactivated_by_id=False if vals["active"] else self.env.user.id)
        return super().write(vals)

    def _dealer_deactivated_by_company(self, dealer):
        """True when this (archived) user was archived by a portal user of
        ``dealer`` (its administrator), not by the back office."""
        self.ensure_one()
        by_sudo = self.sudo().dealer_deactivated_by_id
        return bool(by_sudo and by_sudo.share and by_sudo.partner_id.commercial_partner_id == dealer)

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

    def _dealer_commercial_partner(self):
        """The dealer company this signed-in portal user buys for, sudo'ed, or
        an empty recordset (internal, public or non-dealer portal users).
        "Dealer" is ``res.partner._dealer_is_dealer``: the same predicate
        gates ordering and the role restrictions. The company may have no
        tier yet: it then buys nothing."""
        self.ensure_one()
        if not self.share or self._is_public():
            return self.env["res.partner"]
        # The dealer flags are back-office data a portal user cannot always read.
        commercial_sudo = self.sudo().partner_id.commercial_partner_id
        return commercial_sudo if commercial_sudo._dealer_is_dealer() else self.env["res.partner"]

    def _dealer_check_role(self, role):
        """Raise an AccessError a dealer understands when this user is a
        dealer's portal user without ``role``. Other users pass: the role
        model only restricts dealer portal users."""
        self.ensure_one()
        if self._dealer_commercial_partner() and not self._dealer_has_role(role):
            raise AccessError(
                self.env._(
                    "Your user account is not allowed to do this (%(role)s role needed). "
                    "Ask your company's portal administrator.",
                    role=self._dealer_role_label(role),
                )
            )

    def _dealer_role_label(self, role):
        labels = {
            "order_desk": self.env._("Order desk"),
            "warehouse": self.env._("Warehouse"),
            "finance": self.env._("Finance"),
            "admin": self.env._("Administrator"),
        }
        return labels[role]

    def _dealer_set_roles(self, roles):
        """Give this portal user exactly ``roles`` (keys of ``DEALER_ROLES``)."""
        groups = self.env["res.groups"].browse(self.env.ref(DEALER_ROLES[role]).id for role in roles)
        self._dealer_write_role_groups(groups)

    def _dealer_write_role_groups(self, groups):
        """Replace this user's dealer role groups by ``groups``; other groups
        are kept. Implied groups (administrator implies the three others) are
        left to the ORM."""
        all_roles = self.env["res.partner"]._dealer_role_groups()
        for user in self:
            if not user.share:
                raise UserError(self.env._("Dealer portal roles are for portal users only."))
            current = user.groups_id & all_roles
            commands = [Command.unlink(g.id) for g in current - groups] + [Command.link(g.id) for g in groups]
            if commands:
                user.write({"groups_id": commands})
