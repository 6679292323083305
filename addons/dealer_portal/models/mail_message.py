from odoo import models
from odoo.osv import expression

# Documents whose emails state their prices: the quotation, confirmation and
# payment emails are sent with a document layout and carry the PDF.
PRICED_MESSAGE_MODELS = ("sale.order", "account.move")


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_search_domain_share(self):
        """Messages portal users find: a dealer role that sees no prices
        does not find the emails of priced documents either (see
        ``_dealer_price_free_domain``), in the portal chatter or over RPC."""
        domain = super()._get_search_domain_share()
        if self.env.user._dealer_hides_prices():
            domain = expression.AND([domain, self._dealer_price_free_domain()])
        return domain

    def _get_forbidden_access(self, operation):
        """The same rule for messages read by id."""
        forbidden = super()._get_forbidden_access(operation)
        if self.env.su or not self.env.user._dealer_hides_prices():
            return forbidden
        rest = self - forbidden
        # Only the message's own columns are compared; access is what is decided here.
        priced = (rest.sudo() - rest.sudo().filtered_domain(self._dealer_price_free_domain())).with_env(self.env)
        return forbidden + priced

    def _dealer_price_free_domain(self):
        """Messages that show no price: not the emails of a priced document
        (sent with a document layout, or with attachments such as its
        PDF). Comments and tracking stay; tracked amounts are filtered by
        ``sale.order._track_filter_for_display``."""
        return [
            "|",
            ("model", "not in", PRICED_MESSAGE_MODELS),
            "&",
            ("attachment_ids", "=", False),
            ("email_layout_xmlid", "=", False),
        ]
