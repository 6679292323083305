from odoo import api, fields, models


class DealerOrderStatusLookup(models.Model):
    """One row each time a dealer user opens an order's status. KPIs compare
    these self-service look-ups with the status calls the back office takes."""

    _name = "dealer.order.status.lookup"
    _description = "Dealer Order Status Look-up"
    _order = "date desc, id desc"
    _log_access = False

    order_id = fields.Many2one("sale.order", "Order", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner",
        "Dealer",
        required=True,
        index=True,
        ondelete="cascade",
        help="The dealer company (commercial partner) whose user looked.",
    )
    user_id = fields.Many2one("res.users", "User", required=True, ondelete="cascade")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    channel = fields.Selection([("portal", "Portal")], required=True, default="portal")
    company_id = fields.Many2one(related="order_id.company_id", store=True)

    @api.model
    def _dealer_log(self, orders, user, channel="portal"):
        """Record that ``user`` looked at the status of ``orders``. The user
        is explicit because portal pages hold the order as superuser. Only
        dealer users count: back-office staff opening the portal page is not a
        dealer self-serving. Returns the created rows."""
        if not orders or not user._is_dealer_portal_user():
            return self.browse()
        # Portal users have no rights on this KPI log; the row is written on
        # their behalf and never shown to them.
        return self.sudo().create(
            [
                {
                    "order_id": order.id,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "user_id": user.id,
                    "channel": channel,
                }
                for order in orders
            ]
        )
