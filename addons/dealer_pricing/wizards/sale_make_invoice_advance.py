from odoo import models
from odoo.exceptions import UserError


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        # A down payment invoices a quotation: a dealer order is invoiced only
        # once the submission pipeline (and the approval after it) confirmed it.
        for order in sale_orders:
            if order.is_dealer_order and order.state != "sale":
                raise UserError(
                    self.env._(
                        "%(name)s is a dealer order: it is invoiced once it was submitted and confirmed.",
                        name=order.name,
                    )
                )
        return super()._create_invoices(sale_orders)
