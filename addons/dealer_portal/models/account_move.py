from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _dealer_notification_shows_prices(self, message, msg_vals):
        """Invoices and credit notes are amounts, whatever the message."""
        return True
