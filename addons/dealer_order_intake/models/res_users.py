from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from ..const import INTAKE_IDENTITY_GROUPS
from ..tools.phone import normalize_phone


class ResUsers(models.Model):
    _inherit = "res.users"

    dealer_order_email = fields.Char(
        "Order Email",
        copy=False,
        groups=INTAKE_IDENTITY_GROUPS,
        help="Orders emailed from this address are this user's. Set by the back office; the user cannot change it.",
    )
    dealer_order_email_normalized = fields.Char(
        compute="_compute_dealer_order_email_normalized", store=True, index=True, groups=INTAKE_IDENTITY_GROUPS
    )
    dealer_whatsapp_number = fields.Char(
        "Order WhatsApp Number",
        copy=False,
        groups=INTAKE_IDENTITY_GROUPS,
        help="WhatsApp orders from this number are this user's. International form, or national form in the "
        "dealer's country. Set by the back office; the user cannot change it.",
    )
    dealer_whatsapp_e164 = fields.Char(
        "WhatsApp Number (E.164)",
        compute="_compute_dealer_whatsapp_e164",
        store=True,
        index=True,
        groups=INTAKE_IDENTITY_GROUPS,
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("dealer_order_email")
    def _compute_dealer_order_email_normalized(self):
        for user in self:
            user.dealer_order_email_normalized = email_normalize(user.dealer_order_email or "") or False

    # The country is read when the number is written, not followed later:
    # a contact's country is editable by the user, the number is not.
    @api.depends("dealer_whatsapp_number")
    def _compute_dealer_whatsapp_e164(self):
        for user in self:
            user.dealer_whatsapp_e164 = (
                normalize_phone(user.dealer_whatsapp_number, user._dealer_phone_country()) or False
            )

    def _dealer_phone_country(self):
        """ISO code of the country national numbers of this user are read
        in: the dealer company's, else the contact's, else the company's."""
        self.ensure_one()
        partner = self.partner_id
        country = partner.commercial_partner_id.country_id or partner.country_id or self.company_id.country_id
        return country.code or None

    # ------------------------------------------------------------------
    # Constraint
    # ------------------------------------------------------------------
    @api.constrains("dealer_order_email", "dealer_whatsapp_number")
    def _check_dealer_intake_identity(self):
        for user in self:
            if user.dealer_order_email and not user.dealer_order_email_normalized:
                raise ValidationError(
                    self.env._("%(email)s is not a valid email address.", email=user.dealer_order_email)
                )
            if user.dealer_whatsapp_number and not user.dealer_whatsapp_e164:
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a phone number; write it in international form (+32 470 12 34 56).",
                        number=user.dealer_whatsapp_number,
                    )
                )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _dealer_intake_users(self, email=None, phone=None):
        """Active portal users whose back-office order email is ``email`` or
        whose WhatsApp number is ``phone`` (E.164); at most two, so that
        callers can tell a unique match from an ambiguous one."""
        if email:
            domain = [("dealer_order_email_normalized", "=", email)]
        elif phone:
            domain = [("dealer_whatsapp_e164", "=", phone)]
        else:
            return self.browse()
        # Channels have no user of their own; only the identity is returned.
        return self.sudo().search(domain + [("share", "=", True)], limit=2, order="id")
