from odoo import api, fields, models

# Ratio fields and how a group computes them from its sums: numerator,
# denominator, factor. Averaging the rows' ratios would weigh a dealer with
# one order like a dealer with a hundred.
RATIOS = {
    "portal_share": ("portal_orders", "orders", 100.0),
    "error_rate": ("blocked_attempts", "attempts", 100.0),
    "avg_confirm_hours": ("confirm_hours", "timed_orders", 1.0),
    "status_views_per_order": ("status_views", "orders", 1.0),
}


class DealerPortalKpi(models.Model):
    """What the manufacturer measures while it rolls the portal out, per
    dealer and month: the share of orders placed on the portal, the
    submissions the checks stopped, the status look-ups dealers did
    themselves, the special-price requests and the time from submission to
    confirmation. Grouped by tier, it is the figure of a dealer segment."""

    _name = "dealer.portal.kpi"
    _description = "Dealer Portal KPIs"
    _auto = False
    _order = "date desc, partner_id"
    _rec_name = "partner_id"

    date = fields.Date("Month", readonly=True)
    partner_id = fields.Many2one("res.partner", "Dealer", readonly=True)
    tier_id = fields.Many2one("dealer.tier", "Tier", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    portal_users = fields.Boolean("On the Portal", readonly=True, help="The dealer has active portal users.")
    orders = fields.Integer(readonly=True, help="Confirmed orders, every channel.")
    portal_orders = fields.Integer(readonly=True, help="Confirmed orders submitted on the portal.")
    portal_share = fields.Float("Portal Share (%)", readonly=True, aggregator="avg", digits=(16, 1))
    attempts = fields.Integer("Submissions", readonly=True, help="Submission attempts, every outcome.")
    blocked_attempts = fields.Integer("Blocked Submissions", readonly=True)
    overridden_attempts = fields.Integer(
        "Overridden Blocks",
        readonly=True,
        help="Back-office submissions a sales manager confirmed although the checks blocked them.",
    )
    error_rate = fields.Float("Error Rate (%)", readonly=True, aggregator="avg", digits=(16, 1))
    status_views = fields.Integer(
        "Status Look-ups", readonly=True, help="Times a dealer user opened an order's status on the portal."
    )
    status_views_per_order = fields.Float("Look-ups per Order", readonly=True, aggregator="avg", digits=(16, 2))
    price_requests = fields.Integer(
        "Special Price Requests",
        readonly=True,
        help="Order lines submitted with a special price request: the pricing disputes raised through the portal.",
    )
    nonstandard_orders = fields.Integer(
        "Orders at Non-standard Prices",
        readonly=True,
        help="Confirmed orders with a price other than the dealer's own.",
    )
    timed_orders = fields.Integer("Orders Timed", readonly=True, help="Confirmed orders with a submission time.")
    confirm_hours = fields.Float("Hours to Confirm (total)", readonly=True, digits=(16, 2))
    avg_confirm_hours = fields.Float("Hours to Confirm", readonly=True, aggregator="avg", digits=(16, 2))

    @property
    def _table_query(self):
        return """
            WITH dealer AS (
                SELECT p.id AS partner_id, cp.id AS dealer_id
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
                 WHERE cp.dealer_tier_id IS NOT NULL
            ), events AS (
                SELECT date_trunc('month', so.date_order)::date AS date, d.dealer_id, so.company_id,
                       1 AS orders,
                       (so.dealer_channel = 'portal')::int AS portal_orders,
                       0 AS attempts, 0 AS blocked_attempts, 0 AS overridden_attempts,
                       0 AS status_views, 0 AS price_requests,
                       so.dealer_has_nonstandard_price::int AS nonstandard_orders,
                       (so.dealer_submitted_at IS NOT NULL AND so.dealer_confirmed_at IS NOT NULL)::int AS timed_orders,
                       COALESCE(GREATEST(EXTRACT(EPOCH FROM so.dealer_confirmed_at - so.dealer_submitted_at), 0)
                                / 3600.0, 0) AS confirm_hours
                  FROM sale_order so
                  JOIN dealer d ON d.partner_id = so.partner_id
                 WHERE so.state = 'sale'
                UNION ALL
                SELECT date_trunc('month', a.create_date)::date, a.partner_id, a.company_id,
                       0, 0, 1, (a.outcome = 'blocked')::int, (a.outcome = 'overridden')::int, 0, 0, 0, 0, 0
                  FROM dealer_order_attempt a
                UNION ALL
                SELECT date_trunc('month', v.date)::date, v.partner_id, v.company_id,
                       0, 0, 0, 0, 0, 1, 0, 0, 0, 0
                  FROM dealer_order_status_lookup v
                UNION ALL
                SELECT date_trunc('month', so.dealer_submitted_at)::date, d.dealer_id, so.company_id,
                       0, 0, 0, 0, 0, 0, 1, 0, 0, 0
                  FROM sale_order_line l
                  JOIN sale_order so ON so.id = l.order_id
                  JOIN dealer d ON d.partner_id = so.partner_id
                 WHERE l.dealer_price_request_reason IS NOT NULL
                   AND so.dealer_submitted_at IS NOT NULL
                   AND so.state != 'cancel'
            ), totals AS (
                SELECT date, dealer_id, company_id,
                       SUM(orders) AS orders, SUM(portal_orders) AS portal_orders,
                       SUM(attempts) AS attempts, SUM(blocked_attempts) AS blocked_attempts,
                       SUM(overridden_attempts) AS overridden_attempts,
                       SUM(status_views) AS status_views, SUM(price_requests) AS price_requests,
                       SUM(nonstandard_orders) AS nonstandard_orders, SUM(timed_orders) AS timed_orders,
                       SUM(confirm_hours) AS confirm_hours
                  FROM events
                 GROUP BY date, dealer_id, company_id
            )
            SELECT ROW_NUMBER() OVER (ORDER BY t.date, t.dealer_id, t.company_id) AS id,
                   t.date, t.dealer_id AS partner_id, cp.dealer_tier_id AS tier_id, t.company_id,
                   EXISTS (
                       SELECT 1 FROM res_users u JOIN res_partner up ON up.id = u.partner_id
                        WHERE u.active AND u.share AND up.commercial_partner_id = t.dealer_id
                   ) AS portal_users,
                   t.orders, t.portal_orders,
                   CASE WHEN t.orders > 0 THEN 100.0 * t.portal_orders / t.orders ELSE 0 END AS portal_share,
                   t.attempts, t.blocked_attempts, t.overridden_attempts,
                   CASE WHEN t.attempts > 0 THEN 100.0 * t.blocked_attempts / t.attempts ELSE 0 END AS error_rate,
                   t.status_views,
                   CASE WHEN t.orders > 0 THEN t.status_views::float / t.orders ELSE 0 END
                       AS status_views_per_order,
                   t.price_requests, t.nonstandard_orders, t.timed_orders, t.confirm_hours,
                   CASE WHEN t.timed_orders > 0 THEN t.confirm_hours / t.timed_orders ELSE 0 END
                       AS avg_confirm_hours
              FROM totals t
              JOIN res_partner cp ON cp.id = t.dealer_id
        """

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Ratios of a group come from the group's sums (portal orders over
        orders, and so on), never from an average of its rows' ratios."""
        names = {spec.split(":")[0] for spec in fields}
        wanted = [name for name in RATIOS if name in names]
        extra = []
        for name in wanted:
            numerator, denominator, __ = RATIOS[name]
            extra += [f"{f}:sum" for f in (numerator, denominator) if f not in names]
        fields = [spec for spec in fields if spec.split(":")[0] not in wanted] + list(dict.fromkeys(extra))
        groups = super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            for name in wanted:
                numerator, denominator, factor = RATIOS[name]
                den = group.get(denominator) or 0
                group[name] = factor * (group.get(numerator) or 0) / den if den else 0.0
        return groups
