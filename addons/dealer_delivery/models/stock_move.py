from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        res = super().write(vals)
        # Reservation, picking and validation all end in a move state write:
        # the one place the dealer stage can follow every warehouse flow.
        # Callers that write many moves at once (confirmation, background
        # fulfilment) sync the stage once at the end instead.
        if ("state" in vals or "picked" in vals) and not self.env.context.get("dealer_stage_sync_deferred"):
            orders = self.picking_id.sale_id | self.group_id.sale_id
            if orders:
                orders._dealer_sync_stage()
        return res
