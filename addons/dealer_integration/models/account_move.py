from odoo import models

from ..const import EVENT_CREDIT_NOTE_POSTED, EVENT_INVOICE_POSTED


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        dealer_moves = posted.filtered(lambda m: m.commercial_partner_id.dealer_tier_id)
        Event = self.env["dealer.integration.event"]
        Event._dealer_emit(EVENT_INVOICE_POSTED, dealer_moves.filtered(lambda m: m.move_type == "out_invoice"))
        Event._dealer_emit(EVENT_CREDIT_NOTE_POSTED, dealer_moves.filtered(lambda m: m.move_type == "out_refund"))
        return posted

    def _dealer_event_data(self, event_type):
        """``[(move, first order invoiced, data)]`` for invoices and credit notes."""
        result = []
        for move in self:
            orders = move.line_ids.sale_line_ids.order_id
            result.append(
                (
                    move,
                    orders[:1],
                    {
                        "invoice": {
                            "id": move.id,
                            "name": move.name,
                            "type": "credit_note" if move.move_type == "out_refund" else "invoice",
                            "invoice_date": move.invoice_date and move.invoice_date.isoformat(),
                            "due_date": move.invoice_date_due and move.invoice_date_due.isoformat(),
                            "reversed_invoice": move.reversed_entry_id.name or None,
                            "orders": orders.mapped("name"),
                            "dealer_references": [ref for ref in orders.mapped("client_order_ref") if ref],
                            "currency": move.currency_id.name,
                            "amount_untaxed": move.amount_untaxed,
                            "amount_tax": move.amount_tax,
                            "amount_total": move.amount_total,
                            "lines": [
                                {
                                    "product_code": line.product_id.default_code or None,
                                    "description": line.name,
                                    "quantity": line.quantity,
                                    "price_unit": line.price_unit,
                                    "price_subtotal": line.price_subtotal,
                                }
                                for line in move.invoice_line_ids
                                if line.display_type == "product"
                            ],
                        },
                        "dealer": {
                            "id": move.commercial_partner_id.id,
                            "name": move.commercial_partner_id.name,
                            "ref": move.commercial_partner_id.ref or None,
                        },
                    },
                )
            )
        return result
