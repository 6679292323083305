from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _dealer_brand_division(self):
        """A roll-out wave's invitation carries the brand of the wave's
        division, else the dealer's only division's (dealer_portal)."""
        wave_id = self.env.context.get("dealer_rollout_wave_id")
        if wave_id:
            # Read for its division only: the brand of the email.
            division_sudo = self.env["dealer.rollout.wave"].sudo().browse(wave_id).exists().division_id
            if division_sudo:
                return division_sudo
        return super()._dealer_brand_division()

    def _send_email(self):
        """A contact invited by a roll-out wave gets the wave's branded
        invitation (the company, the day ordering opens, the portal link),
        queued with the rest of the batch; other invitations stay native."""
        wave_id = self.env.context.get("dealer_rollout_wave_id")
        template = wave_id and self.env.ref("dealer_rollout.mail_template_wave_invitation", raise_if_not_found=False)
        if not template:
            return super()._send_email()
        self.ensure_one()
        partner_sudo = self.user_id.sudo().partner_id
        lang = self.user_id.sudo().lang
        portal_url = partner_sudo.with_context(signup_force_type_in_url="", lang=lang)._get_signup_url_for_action()[
            partner_sudo.id
        ]
        partner_sudo.signup_prepare()
        template.with_context(dbname=self._cr.dbname, portal_url=portal_url, lang=lang).send_mail(
            self.id, force_send=False
        )
        return True
