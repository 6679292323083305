from odoo import api, models
from odoo.exceptions import UserError


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    @api.model_create_multi
    def create(self, vals_list):
        """A payment never stands in for the dealer order checks: no
        transaction is opened on a dealer quotation that could not be
        confirmed (not submitted, or waiting for approval), whatever route
        asks (``/my/orders/<id>/transaction``, the shop checkout)."""
        transactions = super().create(vals_list)
        for order in transactions.sale_order_ids.filtered(lambda o: o.state in ("draft", "sent")):
            error = order._dealer_confirmation_error()
            if error:
                raise UserError(error)
        return transactions
