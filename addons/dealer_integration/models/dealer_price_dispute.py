from odoo import models

from ..const import EVENT_DISPUTE_RESOLVED


class DealerPriceDispute(models.Model):
    _inherit = "dealer.price.dispute"

    def _dealer_accept(self):
        res = super()._dealer_accept()
        self.env["dealer.integration.event"]._dealer_emit(EVENT_DISPUTE_RESOLVED, self)
        return res

    def _dealer_reject(self, reason):
        res = super()._dealer_reject(reason)
        self.env["dealer.integration.event"]._dealer_emit(EVENT_DISPUTE_RESOLVED, self)
        return res

    def _dealer_event_data(self, event_type):
        """``[(dispute, its order, data)]``: how a pricing dispute ended, and
        the credit note that settled it when it was accepted."""
        result = []
        for dispute in self:
            credit = dispute.credit_move_id
            result.append(
                (
                    dispute,
                    dispute.order_id,
                    {
                        "dispute": {
                            "id": dispute.id,
                            "name": dispute.name,
                            "state": dispute.state,
                            "raised_at": dispute.create_date and dispute.create_date.isoformat(),
                            "resolved_at": dispute.resolved_date and dispute.resolved_date.isoformat(),
                            "product_code": dispute.product_id.default_code or None,
                            "quantity": dispute.quantity,
                            "charged_price": dispute.charged_price,
                            "expected_price": dispute.expected_price,
                            "currency": dispute.currency_id.name,
                            "invoice": dispute.move_id.name or None,
                            "order": dispute.order_id.name or None,
                            "reject_reason": dispute.reject_reason or None,
                            "credit_note": credit.name or None,
                            "credited_amount": dispute.credited_amount,
                        },
                        "dealer": {
                            "id": dispute.partner_id.id,
                            "name": dispute.partner_id.name,
                            "ref": dispute.partner_id.ref or None,
                        },
                    },
                )
            )
        return result
