from odoo import api, fields, models


class DealerOrderCorrection(models.Model):
    """One change the back office made to a dealer order after it was
    submitted: a line added or removed, a quantity, price, discount, product
    or unit changed, the delivery address changed, the order cancelled or
    re-entered. Written by ``sale.order._dealer_log_corrections`` only; the
    share of submitted orders with at least one row is the order processing
    error rate."""

    _name = "dealer.order.correction"
    _description = "Dealer Order Correction"
    _order = "date desc, id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True, readonly=True)
    line_id = fields.Many2one("sale.order.line", string="Order Line", ondelete="set null", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    channel = fields.Selection(related="order_id.dealer_channel", string="Order Channel", store=True)
    user_id = fields.Many2one(
        "res.users", string="Corrected By", required=True, default=lambda self: self.env.user, readonly=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    kind = fields.Selection(
        [
            ("line_added", "Line added"),
            ("line_removed", "Line removed"),
            ("product", "Product"),
            ("quantity", "Quantity"),
            ("unit", "Unit"),
            ("price", "Unit price"),
            ("discount", "Discount"),
            ("address", "Delivery address"),
            ("cancel", "Cancelled"),
            ("reenter", "Re-entered"),
        ],
        required=True,
        index=True,
        readonly=True,
    )
    field_name = fields.Char("Field", readonly=True, help="The technical name of the field that changed.")
    old_value = fields.Char("Before", readonly=True)
    new_value = fields.Char("After", readonly=True)
    reason_id = fields.Many2one(
        "dealer.order.correction.reason",
        string="Reason",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Salespeople create rows through the order's hook; whoever calls, a
        # row names the user who made the change, never someone else.
        if not self.env.su:
            for vals in vals_list:
                vals["user_id"] = self.env.uid
        return super().create(vals_list)
