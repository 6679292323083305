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
