from odoo import api, models

INTAKE_MODEL = "dealer.order.intake"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self, model, message, custom_values=None, save_original=False, strip_attachments=False, thread_id=None
    ):
        # A public method, so any signed-in user may call it over RPC, and the
        # routing runs as the superuser whoever called. Only the mail gateway
        # (the fetchmail cron as the superuser, the mailgate script as an
        # administrator) passes on what the relay wrote; set here, whatever
        # the caller's context said.
        gateway = self.env.su or self.env.user._is_system()
        return super(MailThread, self.with_context(dealer_portal_gateway=gateway)).message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )

    def _message_route_process(self, message, message_dict, routes):
        """Hand the ``Authentication-Results`` headers of an email routed to
        the dealer order intake to its processing (they are not part of the
        parsed message). The intake trusts them only from the mail gateway
        and only when the topmost one is its company's relay's."""
        thread = self
        if any(route[0] == INTAKE_MODEL for route in routes or ()):
            headers = ()
            if self.env.context.get("dealer_portal_gateway"):
                headers = tuple(str(h) for h in message.get_all("Authentication-Results") or ())
            thread = self.with_context(dealer_portal_authentication_results=headers)
        return super(MailThread, thread)._message_route_process(message, message_dict, routes)

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
