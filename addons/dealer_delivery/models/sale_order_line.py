from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        """Within a dealer submission with background fulfilment
        (``dealer_defer_fulfilment`` in the context), confirmation does not
        create the stock moves: the orders are queued and the fulfilment job
        launches the same native procurement right after the commit
        (``sale.order._dealer_run_fulfilment``). Any other call, including
        quantity changes on confirmed lines, runs natively."""
        if self.env.context.get("dealer_defer_fulfilment") and not previous_product_uom_qty:
            orders = self.filtered(lambda line: line.state == "sale").order_id
            if orders:
                orders._dealer_queue_fulfilment()
            return True
        return super()._action_launch_stock_rule(previous_product_uom_qty=previous_product_uom_qty)
