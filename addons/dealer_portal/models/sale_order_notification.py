from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _dealer_notification_shows_prices(self, message, msg_vals):
        """Every email about an order shows its total: sale's rendering
        context puts ``amount_total`` under the order's name in the layout's
        header, whatever the message. The message adds more: tracked amounts
        (``amount_total`` is tracked), the quotation and confirmation emails
        and their PDF."""
        return True
