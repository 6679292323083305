from odoo import models

from ..const import EVENT_DELIVERY_DONE


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        shipped = self.filtered(
            lambda p: p.state == "done" and p.sale_id.is_dealer_order and p._dealer_is_customer_delivery()
        )
        self.env["dealer.integration.event"]._dealer_emit(EVENT_DELIVERY_DONE, shipped)
        return res

    def _dealer_event_data(self, event_type):
        """``[(picking, order, data)]`` for ``delivery.done``."""
        result = []
        for picking in self:
            order = picking.sale_id
            result.append(
                (
                    picking,
                    order,
                    {
                        "delivery": {
                            "id": picking.id,
                            "name": picking.name,
                            "order": order.name,
                            "dealer_reference": order.client_order_ref or None,
                            "date_done": picking.date_done.strftime("%Y-%m-%dT%H:%M:%SZ")
                            if picking.date_done
                            else None,
                            "carrier": picking.carrier_id.name or None,
                            "tracking_ref": picking.carrier_tracking_ref or None,
                            "lines": [
                                {
                                    "product_code": move.product_id.default_code or None,
                                    "product": move.product_id.display_name,
                                    "quantity": move.quantity,
                                    "uom": move.product_uom.name,
                                    "order_line_id": move.sale_line_id.id or None,
                                }
                                for move in picking.move_ids
                                if move.state == "done"
                            ],
                        },
                    },
                )
            )
        return result
