from odoo import models

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
