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
