from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        res = super().write(vals)
        # Reservation, picking and validation all end in a move state write:
        # the one place the dealer stage can follow every warehouse flow.
        if "state" in vals or "picked" in vals:
            orders = self.picking_id.sale_id | self.group_id.sale_id
            if orders:
                orders._dealer_sync_stage()
        return res
