from odoo import fields, models


class DealerOrderCorrectionReason(models.Model):
    """Why the back office changed an order after the dealer submitted it: a
    short list, kept short on purpose so the corrections can be counted by
    reason (see ``dealer.order.correction``)."""

    _name = "dealer.order.correction.reason"
    _description = "Dealer Order Correction Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="When to choose this reason.")
