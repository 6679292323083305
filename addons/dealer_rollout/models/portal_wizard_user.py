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

    def _dealer_invitation_template(self):
        """A contact invited by a roll-out wave gets the wave's invitation
        (the brand, the day ordering opens, the portal link)."""
        if self.env.context.get("dealer_rollout_wave_id"):
            template = self.env.ref("dealer_rollout.mail_template_wave_invitation", raise_if_not_found=False)
            if template:
                return template
        return super()._dealer_invitation_template()

    def _dealer_invitation_queued(self):
        # A wave invites its contacts in one batch, sent by the mail queue.
        return bool(self.env.context.get("dealer_rollout_wave_id")) or super()._dealer_invitation_queued()
