from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """The portal chatter (read, post, react, attachments) of a document
        shared by token or hash: a signed-in dealer user never reaches
        another company's document, even holding its token (see
        ``res.users._dealer_may_open``)."""
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        if thread and "access_token" in thread._fields and not self.env.user._dealer_may_open(thread.sudo()):
            return self.browse()
        return thread

    # ------------------------------------------------------------------
    # Hooks: no price reaches a dealer role that sees none by email
    # ------------------------------------------------------------------
    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Dealer portal users whose roles show no prices (warehouse) are
        not notified of a message that may carry prices (see
        ``_dealer_notification_shows_prices``): emails are rendered once per
        group of recipients, so they cannot be trimmed for one reader."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        portal_uids = {r["uid"] for r in recipients if r.get("uid") and r.get("type") == "portal"}
        if not portal_uids or not self._dealer_notification_shows_prices(message, msg_vals):
            return recipients
        # Who the recipients are is read as the system: any poster notifies them.
        users_sudo = self.env["res.users"].sudo().browse(portal_uids)
        hidden = {user.partner_id.id for user in users_sudo if user._dealer_hides_prices()}
        return [r for r in recipients if r["id"] not in hidden]

    def _dealer_notification_shows_prices(self, message, msg_vals):
        """True when ``message``, notified on these records, may show a price
        or an amount. Documents with prices extend this; by default none."""
        return False
