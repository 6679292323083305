from odoo import api, models

INTAKE_MODEL = "dealer.order.intake"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        """Hand the ``Authentication-Results`` headers of an email routed to
        the dealer order intake to its processing (they are not part of the
        parsed message). The intake trusts them only from the mail gateway
        and only when the topmost one is its company's relay's."""
        thread = self
        if any(route[0] == INTAKE_MODEL for route in routes or ()):
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
