from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _dealer_brand_division(self):
        """The division whose brand this invitation carries: the dealer's
        only division (sudo), else none (Odoo's invitation)."""
        self.ensure_one()
        return self.partner_id._dealer_brand_division()

    def _dealer_invitation_template(self):
        """Hook: the mail.template of this contact's invitation, or None for
        Odoo's own."""
        self.ensure_one()
        if not self._dealer_brand_division():
            return None
        return self.env.ref("dealer_portal.mail_template_division_invitation", raise_if_not_found=False)

    def _dealer_invitation_queued(self):
        """Hook: whether the invitation waits for the mail queue (a batch)
        instead of being sent at once."""
        return False

    def _send_email(self):
        """A dealer of one division is invited in the division's name (its
        sender, logo, colour and footer); other invitations stay native."""
        self.ensure_one()
        template = self._dealer_invitation_template()
        if not template:
            return super()._send_email()
        # The invited user's partner and language, as Odoo's own invitation reads them (portal wizard).
        partner_sudo = self.user_id.sudo().partner_id
        lang = self.user_id.sudo().lang
        portal_url = partner_sudo.with_context(signup_force_type_in_url="", lang=lang)._get_signup_url_for_action()[
            partner_sudo.id
        ]
        partner_sudo.signup_prepare()
        template.with_context(dbname=self._cr.dbname, portal_url=portal_url, lang=lang).send_mail(
            self.id, force_send=not self._dealer_invitation_queued()
        )
        return True
