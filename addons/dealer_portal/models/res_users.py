from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError

from .dealer_division_ticket import TICKET_CREDENTIAL

# Role key -> XML id of the group that grants it.
DEALER_ROLES = {
    "order_desk": "dealer_portal.dealer_portal_group_order_desk",
    "warehouse": "dealer_portal.dealer_portal_group_warehouse",
    "finance": "dealer_portal.dealer_portal_group_finance",
    "admin": "dealer_portal.dealer_portal_group_admin",
}
# Document type key -> the roles that always see it.
DOCUMENT_ROLES = {
    "invoice": {"finance", "admin"},
    "credit_note": {"finance", "admin"},
    "delivery": {"warehouse", "admin"},
}
# Company setting of the order desk -> the document types it opens.
ORDER_DESK_DOCUMENTS = {
    "none": set(),
    "delivery": {"delivery"},
    "invoice": {"invoice", "credit_note"},
    "all": {"invoice", "credit_note", "delivery"},
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
    # Hooks: signing in with a division switch ticket
    # ------------------------------------------------------------------
    @classmethod
    def _login(cls, db, credential, user_agent_env):
        """A ticket names its user: the login is read from it (as auth_passkey
        reads it from the passkey), the ticket is checked and used up by
        ``_check_credentials``. A refused ticket is burnt: the refusal rolled
        back its own transaction, so the ticket is used up in another one."""
        if credential.get("type") != TICKET_CREDENTIAL:
            return super()._login(db, credential, user_agent_env=user_agent_env)
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            credential["login"] = env["dealer.division.ticket"]._dealer_ticket_login(credential.get("token"))
        try:
            return super()._login(db, credential, user_agent_env=user_agent_env)
        except AccessDenied:
            with cls.pool.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["dealer.division.ticket"]._dealer_burn(credential.get("token"))
            raise

    def _check_credentials(self, credential, env):
        """Credential type ``dealer_division_ticket``: ``{"type", "token",
        "nonce"}``, valid once, for the user it was issued to, on the website
        it was issued for (the host of this request), in the browser that
        asked for it (``nonce``: its cookie, whose hash is the ticket's
        state), within its lifetime."""
        if credential.get("type") != TICKET_CREDENTIAL:
            return super()._check_credentials(credential, env)
        host = (env or {}).get("HTTP_HOST") or ""
        # The website of the request's host, to bind the ticket to it: nobody is signed in yet.
        website_id = self.env["website"].sudo()._get_current_website_id(host, fallback=False) if host else False
        if not website_id:
            raise AccessDenied(self.env._("This sign-in link is not valid here."))
        self.env["dealer.division.ticket"]._dealer_consume(
            credential.get("token"), self.env.user, website_id, credential.get("nonce")
        )
        # The user passed the password and any second factor on the domain
        # the ticket was issued on, seconds ago.
        return {"uid": self.env.user.id, "auth_method": TICKET_CREDENTIAL, "mfa": "skip"}

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

    # ------------------------------------------------------------------
    # Business: what a dealer's roles see on the portal
    # ------------------------------------------------------------------
    def _is_dealer_portal_user(self):
        """True for a portal user of a dealer company: the only users the
        dealer role restrictions apply to. Other portal customers keep the
        native portal untouched. Same predicate as ordering
        (``_dealer_commercial_partner``)."""
        self.ensure_one()
        return bool(self._dealer_commercial_partner())

    def _dealer_hides_prices(self):
        """True for a dealer's portal user whose roles show no prices
        (warehouse only): the price and amount fields of orders, order lines
        and attempts are then unreadable, whatever the route or RPC call."""
        self.ensure_one()
        return bool(self.share) and self._is_dealer_portal_user() and not self._dealer_sees_prices()

    def _dealer_may_open(self, document_sudo):
        """False when this user is a dealer's portal user and
        ``document_sudo`` (an order, invoice or any record with a partner)
        belongs to another company: tokens travel in forwarded emails, and a
        dealer user must never land in a competitor's account."""
        self.ensure_one()
        if not document_sudo or not self._is_dealer_portal_user():
            return True
        if "commercial_partner_id" in document_sudo._fields:
            owners = document_sudo.mapped("commercial_partner_id")
        elif "partner_id" in document_sudo._fields:
            owners = document_sudo.mapped("partner_id.commercial_partner_id")
        else:
            return True
        return owners == self.partner_id.commercial_partner_id

    def _dealer_document_types(self):
        """Document types (``invoice``, ``credit_note``, ``delivery``) this
        user may see on the portal. Finance/admin: invoices and credit notes;
        warehouse/admin: delivery notes; order desk: what its company chose
        (``res.company.dealer_order_desk_documents``). Non-dealer users keep
        every type, as in native Odoo."""
        self.ensure_one()
        if not self._is_dealer_portal_user():
            return set(DOCUMENT_ROLES)
        roles = self._dealer_roles()
        types = {doc for doc, doc_roles in DOCUMENT_ROLES.items() if roles & doc_roles}
        if "order_desk" in roles:
            types |= ORDER_DESK_DOCUMENTS[self.env.company.dealer_order_desk_documents or "none"]
        return types

    def _dealer_sees_prices(self):
        """Warehouse-only users of a dealer see quantities and tracking but no
        prices or totals."""
        self.ensure_one()
        if not self._is_dealer_portal_user():
            return True
        return bool(self._dealer_roles() & {"order_desk", "finance", "admin"})

    def _dealer_sees_orders(self):
        self.ensure_one()
        return not self._is_dealer_portal_user() or bool(self._dealer_roles())

    def _dealer_sees_account(self):
        """The credit and account page: finance and dealer administrators."""
        self.ensure_one()
        if not self.share:
            return True
        return self._is_dealer_portal_user() and bool(self._dealer_roles() & {"finance", "admin"})

    def _dealer_document_tabs(self):
        """Ordered {type: label} of the document tabs this user may open."""
        self.ensure_one()
        _ = self.env._
        labels = {
            "invoice": _("Invoices"),
            "credit_note": _("Credit Notes"),
            "delivery": _("Delivery Notes"),
        }
        types = self._dealer_document_types()
        return {key: label for key, label in labels.items() if key in types}
