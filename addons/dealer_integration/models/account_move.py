from odoo import fields, models

from ..const import EVENT_CREDIT_NOTE_POSTED, EVENT_INVOICE_POSTED


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        dealer_moves = posted.filtered(
            lambda m: m.commercial_partner_id.dealer_tier_id or m.commercial_partner_id.dealer_terms_ids
        )
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

    dealer_exported_at = fields.Datetime("Exported On", copy=False, readonly=True, index="btree_not_null")
    dealer_export_batch = fields.Char("Export Batch", copy=False, readonly=True)

    def action_dealer_export_again(self):
        """Queue the invoices for the next file export (they were exported)."""
        self.check_access("write")
        self.write({"dealer_exported_at": False, "dealer_export_batch": False})
        return True

    def _dealer_export_csv_rows(self):
        """One dict per product line of the invoices and credit notes, keyed
        by ``tools.csv_export.INVOICE_COLUMNS``. Credit notes carry positive
        quantities and amounts: ``document_type`` says which way they go."""
        rows = []
        for move in self:
            dealer = move.commercial_partner_id
            number = 0
            for line in move.invoice_line_ids:
                if line.display_type != "product":
                    continue
                number += 1
                rows.append(
                    {
                        "document_ref": move.name,
                        "document_type": "credit_note" if move.move_type == "out_refund" else "invoice",
                        "invoice_date": fields.Date.to_string(move.invoice_date),
                        "due_date": fields.Date.to_string(move.invoice_date_due) or "",
                        "order_refs": move.invoice_origin or "",
                        "reversed_ref": move.reversed_entry_id.name or "",
                        "dealer_code": dealer.ref or "",
                        "dealer_name": dealer.name,
                        "dealer_vat": dealer.vat or "",
                        "currency": move.currency_id.name,
                        "line_no": number,
                        "sku": line.product_id.default_code or "",
                        "description": line.name or "",
                        "quantity": line.quantity,
                        "uom": line.product_uom_id.name or "",
                        "unit_price": line.price_unit,
                        "discount": line.discount,
                        "subtotal": line.price_subtotal,
                        "total": line.price_total,
                    }
                )
        return rows
