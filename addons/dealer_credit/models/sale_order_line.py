from odoo import api, models

# Line fields whose change makes an approval given on the order meaningless.
APPROVAL_RESET_FIELDS = {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._dealer_reset_approvals()
        return lines

    def write(self, vals):
        orders = self.order_id if APPROVAL_RESET_FIELDS.intersection(vals) else self.order_id.browse()
        res = super().write(vals)
        orders._dealer_reset_approvals()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._dealer_reset_approvals()
        return res
