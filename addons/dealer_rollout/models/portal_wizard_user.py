from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _dealer_brand_division(self):
        """A roll-out wave's invitation carries the brand of the wave's
        division, else the dealer's only division's (dealer_portal)."""
        wave = self._dealer_invitation_wave()
        if wave:
            # The wave is the caller's to read; its division is read for its brand only.
            division_sudo = wave.sudo().division_id
            if division_sudo:
                return division_sudo
        return super()._dealer_brand_division()

    def _dealer_invitation_wave(self):
        """The roll-out wave this invitation is sent for, or an empty
        recordset. The wave's own invitation names it in the context; the
        context is the caller's (an RPC call can set it), so it is believed
        only for a wave the calling user may read."""
        wave_id = self.env.context.get("dealer_rollout_wave_id")
        Wave = self.env["dealer.rollout.wave"]
        if not isinstance(wave_id, int) or isinstance(wave_id, bool):
            return Wave
        wave = Wave.browse(wave_id).exists()
        return wave if wave and wave.has_access("read") else Wave

    def _dealer_invitation_template(self):
        """A contact invited by a roll-out wave gets the wave's invitation
        (the brand, the day ordering opens, the portal link)."""
        if self._dealer_invitation_wave():
            template = self.env.ref("dealer_rollout.mail_template_wave_invitation", raise_if_not_found=False)
            if template:
                return template
        return super()._dealer_invitation_template()

    def _dealer_invitation_queued(self):
        # A wave invites its contacts in one batch, sent by the mail queue.
        return bool(self._dealer_invitation_wave()) or super()._dealer_invitation_queued()
