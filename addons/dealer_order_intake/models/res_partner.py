from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize

from ..const import INTAKE_IDENTITY_GROUPS
from ..tools.phone import normalize_phone


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_order_email = fields.Char(
        "Order Email",
        compute="_compute_dealer_intake_identity",
        inverse="_inverse_dealer_intake_identity",
        groups=INTAKE_IDENTITY_GROUPS,
        help="Orders emailed from this address are placed as this contact's portal user (after a confirmation "
        "link, see the settings). The contact cannot change it from the portal.",
    )
    dealer_whatsapp_number = fields.Char(
        "Order WhatsApp Number",
        compute="_compute_dealer_intake_identity",
        inverse="_inverse_dealer_intake_identity",
        groups=INTAKE_IDENTITY_GROUPS,
        help="WhatsApp orders from this number are placed as this contact's portal user. International form, or "
        "national form in the dealer's country. The contact cannot change it from the portal.",
    )
    dealer_whatsapp_e164 = fields.Char(
        "WhatsApp (E.164)", compute="_compute_dealer_intake_identity", groups=INTAKE_IDENTITY_GROUPS
    )

    @api.depends("user_ids.dealer_order_email", "user_ids.dealer_whatsapp_number")
    def _compute_dealer_intake_identity(self):
        for partner in self:
            user_sudo = partner.with_context(active_test=False).user_ids.filtered("share")[:1].sudo()
            partner.dealer_order_email = user_sudo.dealer_order_email
            partner.dealer_whatsapp_number = user_sudo.dealer_whatsapp_number
            partner.dealer_whatsapp_e164 = user_sudo.dealer_whatsapp_e164

    def _inverse_dealer_intake_identity(self):
        user = self.env.user
        if not self.env.su and not (
            user.has_group("sales_team.group_sale_manager") or user.has_group("base.group_erp_manager")
        ):
            raise AccessError(self.env._("Only sales managers set the addresses dealers order from."))
        for partner in self:
            user_sudo = partner.with_context(active_test=False).user_ids.filtered("share")[:1].sudo()
            if not user_sudo:
                if partner.dealer_order_email or partner.dealer_whatsapp_number:
                    raise ValidationError(
                        self.env._(
                            "%(name)s has no portal access yet: grant it first (Action > Grant portal access).",
                            name=partner.display_name,
                        )
                    )
                continue
            # Users are not writable by sales managers: the rights were checked above.
            user_sudo.write(
                {
                    "dealer_order_email": partner.dealer_order_email or False,
                    "dealer_whatsapp_number": partner.dealer_whatsapp_number or False,
                }
            )

    # ------------------------------------------------------------------
    # Business: the dealer's administrator sets its users' identities
    # ------------------------------------------------------------------
    def _dealer_set_user_intake_identity(self, user_id, order_email, whatsapp_number):
        """Set (or clear, when empty) the order email and WhatsApp number of
        ``user_id``, one of this dealer company's (``self``) portal users,
        as its administrator (``_dealer_check_user_admin``). The values are
        identities the intake places orders under, so they are checked here
        for any caller: a user the manufacturer archived is not managed, the
        email is no address of the manufacturer's staff or of another
        company's contact, the number is read like the intake reads it
        (E.164), and neither may be another user's already. Returns the
        user (sudo)."""
        self.ensure_one()
        self._dealer_check_user_admin()
        user_sudo = self._dealer_managed_user(user_id)
        if not user_sudo.active and not user_sudo._dealer_deactivated_by_company(self):
            raise AccessError(
                self.env._(
                    "%(name)s was deactivated by the manufacturer; only the manufacturer can change this user.",
                    name=user_sudo.name,
                )
            )
        email = self._dealer_check_order_email(user_sudo, order_email)
        number = self._dealer_check_whatsapp_number(user_sudo, whatsapp_number)
        # Identity fields are for the back office; the checks above allow this write.
        user_sudo.write({"dealer_order_email": email or False, "dealer_whatsapp_number": number or False})
        return user_sudo

    def _dealer_check_order_email(self, user_sudo, order_email):
        """``order_email`` normalised, or "" to clear it; a UserError when it
        cannot be ``user_sudo``'s order email."""
        order_email = (order_email or "").strip()
        if not order_email:
            return ""
        email = email_normalize(order_email)
        if not email:
            raise UserError(self.env._("%(email)s is not a valid email address.", email=order_email))
        refused = self.env._(
            "%(email)s cannot be used as an order email: it is the address of someone outside your company. "
            "Ask the manufacturer if it really is yours.",
            email=email,
        )
        # Identities are checked over the whole database: sudo, as for invitations.
        Users_sudo = self.env["res.users"].sudo().with_context(active_test=False)
        Partners_sudo = self.env["res.partner"].sudo().with_context(active_test=False)
        domain = email.rpartition("@")[2]
        staff_domains = {
            company_email.rpartition("@")[2]
            for company_email in self.env["res.company"].sudo().search([]).partner_id.mapped("email_normalized")
            if company_email
        }
        if domain in staff_domains:
            raise UserError(refused)
        # Staff, or users of another company, signing in or reached at it.
        if Users_sudo.search_count(
            [
                "|",
                ("login", "=", email),
                ("partner_id.email_normalized", "=", email),
                "|",
                ("share", "=", False),
                ("partner_id.commercial_partner_id", "!=", self.id),
            ],
            limit=1,
        ):
            raise UserError(refused)
        if Partners_sudo.search_count(
            [("email_normalized", "=", email), ("commercial_partner_id", "!=", self.id)], limit=1
        ):
            raise UserError(refused)
        if Users_sudo.search_count(
            [("dealer_order_email_normalized", "=", email), ("id", "!=", user_sudo.id)], limit=1
        ):
            raise UserError(
                self.env._("Another user already orders from %(email)s: each user needs its own.", email=email)
            )
        return email

    def _dealer_check_whatsapp_number(self, user_sudo, whatsapp_number):
        """``whatsapp_number`` in E.164 form, or "" to clear it; a UserError
        when it is no phone number or another user's."""
        whatsapp_number = (whatsapp_number or "").strip()
        if not whatsapp_number:
            return ""
        number = normalize_phone(whatsapp_number, user_sudo._dealer_phone_country())
        if not number:
            raise UserError(
                self.env._(
                    "%(number)s is not a phone number; write it in international form (+32 470 12 34 56).",
                    number=whatsapp_number,
                )
            )
        if (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("dealer_whatsapp_e164", "=", number), ("id", "!=", user_sudo.id)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "Another user already orders from the WhatsApp number %(number)s: each user needs its own.",
                    number=number,
                )
            )
        return number
