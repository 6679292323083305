from odoo import api, fields, models
from odoo.tools import SQL, drop_view_if_exists

# Ratio fields and how a group computes them from its sums: numerator,
# denominator, factor. Averaging the rows' ratios would weigh a dealer with
# one order like a dealer with a hundred.
RATIOS = {
    "portal_share": ("portal_orders", "orders", 100.0),
    "error_rate": ("corrected_orders", "submitted_orders", 100.0),
    "blocked_rate": ("blocked_attempts", "attempts", 100.0),
    "avg_confirm_hours": ("confirm_hours", "timed_orders", 1.0),
    "avg_dispute_hours": ("dispute_hours", "disputes_resolved", 1.0),
}

# The summed columns of the view, in the order every source yields them.
MEASURES = (
    "orders",
    "portal_orders",
    "nonstandard_orders",
    "timed_orders",
    "confirm_hours",
    "status_queries",
    "status_queries_auto",
    "status_queries_person",
    "status_queries_pending",
    "status_query_minutes",
    "status_lookups",
    "submitted_orders",
    "corrected_orders",
    "attempts",
    "blocked_attempts",
    "overridden_attempts",
    "disputes_raised",
    "disputes_resolved",
    "dispute_hours",
    "credited_amount",
    "price_requests",
)

# Measures that are not counts.
FLOAT_MEASURES = {"confirm_hours", "status_query_minutes", "dispute_hours", "credited_amount"}

# Each source's rows get the id ``row id * KEY_SPACE + source index``, so a
# KPI row can take the smallest key of its events as a unique id (no window
# function, which would keep filters from reaching the sources).
KEY_SPACE = 16


class DealerPortalKpi(models.Model):
    """The five measures of the portal's roll-out, per month, dealer, tier,
    wave, company and channel, with the months before and after the dealer's
    go-live date:

    1. portal order share: confirmed orders placed on the portal against all
       confirmed orders;
    2. inbound status queries (calls and messages the operations team
       receives, ``dealer.status.query``), beside the dealers' self-service
       look-ups on the portal (``dealer.order.status.lookup``);
    3. order processing error rate: submitted orders corrected by hand after
       submission (``dealer.order.correction``); the submissions the checks
       blocked are a separate figure;
    4. pricing disputes (``dealer.price.dispute``): raised, resolved, hours
       to resolve and amount credited; special-price requests are their own
       figure;
    5. hours from submission to confirmation, every channel.

    Each source is one branch of a UNION, built by a ``_kpi_source_*``
    method listed in ``_kpi_sources``. Ratios of a group come from the
    group's sums (``read_group``).

    The figures are a materialised view, refreshed every hour by a cron and
    on demand (``_kpi_refresh``): computed live, two years of 200,000 orders
    took tens of seconds per dashboard query (bench/bench_rollout_dashboard.py)."""

    _name = "dealer.portal.kpi"
    _description = "Dealer Portal KPIs"
    _auto = False
    _order = "date desc, partner_id, channel"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": ["commercial_partner_id", "dealer_tier_id", "dealer_rollout_wave_id", "dealer_live_date"],
        "dealer.terms": ["partner_id", "division_id", "tier_id", "wave_id", "active"],
        "sale.order": [
            "dealer_division_id",
            "state",
            "date_order",
            "partner_id",
            "company_id",
            "dealer_channel",
            "dealer_submitted_at",
            "dealer_confirmed_at",
            "dealer_has_nonstandard_price",
        ],
        "sale.order.line": ["order_id", "dealer_price_request_reason"],
        "dealer.order.attempt": ["partner_id", "company_id", "channel", "outcome"],
        "dealer.order.status.lookup": ["date", "partner_id", "company_id"],
        "dealer.status.query": ["date", "partner_id", "company_id", "channel", "answered", "minutes"],
        "dealer.order.correction": ["order_id"],
        "dealer.price.dispute": [
            "partner_id",
            "company_id",
            "order_id",
            "state",
            "resolved_date",
            "credited_amount",
        ],
    }

    # ------------------------------------------------------------------
    # Fields: dimensions
    # ------------------------------------------------------------------
    date = fields.Date("Month", readonly=True)
    partner_id = fields.Many2one("res.partner", "Dealer", readonly=True)
    tier_id = fields.Many2one("dealer.tier", "Tier", readonly=True)
    division_id = fields.Many2one("dealer.division", "Division", readonly=True)
    wave_id = fields.Many2one("dealer.rollout.wave", "Roll-out Wave", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    channel = fields.Selection(
        selection="_selection_channel",
        readonly=True,
        help="The order's channel; for status queries, the channel the query came through; portal look-ups are "
        "Dealer portal.",
    )
    period = fields.Selection(
        [("before", "Before go-live"), ("after", "After go-live"), ("none", "No go-live date")],
        "Before/After Go-live",
        readonly=True,
        help="Whether the figure happened before or after the dealer's own go-live date (the day its ordering on "
        "the portal opened).",
    )
    months_from_live = fields.Integer(
        "Months from Go-live",
        readonly=True,
        aggregator=None,
        help="Whole months between the dealer's go-live date and the figure: 0 is the first month after go-live, "
        "-1 the month before it. Empty for dealers without a go-live date.",
    )

    # ------------------------------------------------------------------
    # Fields: 1. portal order share
    # ------------------------------------------------------------------
    orders = fields.Integer("Confirmed Orders", readonly=True, help="Confirmed orders, cancelled ones not counted.")
    portal_orders = fields.Integer(readonly=True, help="Confirmed orders placed on the portal.")
    portal_share = fields.Float(
        "Portal Order Share (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Confirmed orders placed on the portal against all confirmed orders (grouped: from the group's "
        "totals). Grouped by channel, each channel's row is its own orders only.",
    )
    nonstandard_orders = fields.Integer(
        "Orders at Non-standard Prices",
        readonly=True,
        help="Confirmed orders with a price other than the dealer's own.",
    )

    # ------------------------------------------------------------------
    # Fields: 2. inbound status queries
    # ------------------------------------------------------------------
    status_queries = fields.Integer(
        "Inbound Status Queries",
        readonly=True,
        help="Calls and messages the operations team received asking for an order's status.",
    )
    status_queries_auto = fields.Integer("Status Queries Answered Automatically", readonly=True)
    status_queries_person = fields.Integer("Status Queries Answered by a Person", readonly=True)
    status_queries_pending = fields.Integer(readonly=True, help="Status queries nobody has answered yet.")
    status_query_minutes = fields.Float(
        "Minutes on Status Queries", readonly=True, digits=(16, 1), help="Time the team spent answering them."
    )
    status_lookups = fields.Integer(
        "Portal Status Look-ups",
        readonly=True,
        help="Self-service: times a dealer user opened an order's status on the portal.",
    )

    # ------------------------------------------------------------------
    # Fields: 3. order processing error rate
    # ------------------------------------------------------------------
    submitted_orders = fields.Integer(
        readonly=True, help="Orders submitted through the order pipeline, every channel, in their month of submission."
    )
    corrected_orders = fields.Integer(
        readonly=True, help="Submitted orders an internal user corrected by hand after submission (each order once)."
    )
    error_rate = fields.Float(
        "Order Processing Error Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Submitted orders that needed a manual correction after submission, against submitted orders.",
    )
    attempts = fields.Integer("Submissions", readonly=True, help="Submission attempts, every outcome.")
    blocked_attempts = fields.Integer("Blocked Submissions", readonly=True)
    overridden_attempts = fields.Integer(
        "Overridden Blocks",
        readonly=True,
        help="Back-office submissions a sales manager confirmed although the checks blocked them.",
    )
    blocked_rate = fields.Float(
        "Blocked Submission Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Submissions the order checks stopped before an order was placed, against all submissions.",
    )

    # ------------------------------------------------------------------
    # Fields: 4. pricing disputes, and special-price requests
    # ------------------------------------------------------------------
    disputes_raised = fields.Integer("Pricing Disputes Raised", readonly=True)
    disputes_resolved = fields.Integer(
        "Pricing Disputes Resolved", readonly=True, help="Disputes accepted or rejected, in their month of resolution."
    )
    dispute_hours = fields.Float("Hours to Resolve (total)", readonly=True, digits=(16, 2))
    avg_dispute_hours = fields.Float(
        "Hours to Resolve a Dispute",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="From the dispute being raised to its resolution, on average over the disputes resolved.",
    )
    credited_amount = fields.Float(
        "Amount Credited", readonly=True, digits=(16, 2), help="Credit notes of the disputes accepted."
    )
    price_requests = fields.Integer(
        "Special Price Requests",
        readonly=True,
        help="Order lines submitted with a request for a special price (a negotiation before ordering, not a "
        "dispute).",
    )

    # ------------------------------------------------------------------
    # Fields: 5. time to confirmation
    # ------------------------------------------------------------------
    timed_orders = fields.Integer(
        "Orders Timed", readonly=True, help="Confirmed orders with a submission and a confirmation time."
    )
    confirm_hours = fields.Float("Hours to Confirm (total)", readonly=True, digits=(16, 2))
    avg_confirm_hours = fields.Float(
        "Hours to Confirm",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="From submission to confirmation, approvals included, on average over the orders timed.",
    )

    @api.model
    def _selection_channel(self):
        selection = list(self.env["sale.order"]._fields["dealer_channel"].selection)
        known = {value for value, __ in selection}
        # Status queries come through channels that may carry no order.
        return selection + [
            (value, label)
            for value, label in self.env["dealer.status.query"]._fields["channel"].selection
            if value not in known
        ]

    # ------------------------------------------------------------------
    # The view: one UNION branch per source
    # ------------------------------------------------------------------
    @api.model
    def _kpi_sources(self):
        """The methods building the view's sources, in a fixed order (a
        source's index is part of its rows' ids: append, never insert).
        Each returns ``_kpi_branch(...)``. Extend with ``super()``."""
        return [
            self._kpi_source_confirmed_orders,
            self._kpi_source_submitted_orders,
            self._kpi_source_attempts,
            self._kpi_source_status_lookups,
            self._kpi_source_status_queries,
            self._kpi_source_disputes_raised,
            self._kpi_source_disputes_resolved,
            self._kpi_source_price_requests,
        ]

    @api.model
    def _kpi_branch(self, index, row_id, at, partner, company, channel, from_where, division="NULL", **measures):
        """One UNION branch: ``SELECT <key>, <at>, <partner>, <company>,
        <channel>, <division>, <measures...> <from_where>``; ``division``
        the event's division (its order's), NULL for none. ``at`` is the time that
        places the row in its month and before or after go-live; ``partner``
        any partner of the dealer (contacts are mapped to their company);
        measures not given are 0. Every argument is SQL text written in code."""
        unknown = set(measures) - set(MEASURES)
        assert not unknown, unknown
        columns = [
            SQL("(%s)::bigint * %s + %s AS key", SQL(row_id), KEY_SPACE, index),
            SQL("%s AS at", SQL(at)),
            SQL("%s AS partner_id", SQL(partner)),
            SQL("%s AS company_id", SQL(company)),
            SQL("(%s)::varchar AS channel", SQL(channel)),
            SQL("(%s)::int AS division_id", SQL(division)),
        ] + [
            SQL(
                "(%s)::%s AS %s",
                SQL(measures.get(name, "0")),
                SQL("float" if name in FLOAT_MEASURES else "int"),
                SQL.identifier(name),
            )
            for name in MEASURES
        ]
        return SQL("SELECT %s %s", SQL(", ").join(columns), SQL(from_where))

    @api.model
    def _kpi_order_branch(self, index, row_id, at, from_where, **measures):
        """A ``_kpi_branch`` of events of a sale order ``so`` (in
        ``from_where``), on the order's dealer, company, channel (back
        office when it has none) and division."""
        return self._kpi_branch(
            index,
            row_id,
            at,
            "so.partner_id",
            "so.company_id",
            "COALESCE(so.dealer_channel, 'backoffice')",
            from_where,
            division="so.dealer_division_id",
            **measures,
        )

    @api.model
    def _kpi_dispute_branch(self, index, at, where=None, **measures):
        """A ``_kpi_branch`` of the pricing disputes ``d`` (those matching the
        SQL condition ``where``, if given), on the dispute's dealer and
        company, and the channel and division of the order disputed (``so``,
        none for a dispute without an order)."""
        from_where = SQL("FROM dealer_price_dispute d LEFT JOIN sale_order so ON so.id = d.order_id")
        if where:
            from_where = SQL("%s WHERE %s", from_where, SQL(where))
        return self._kpi_branch(
            index,
            "d.id",
            at,
            "d.partner_id",
            "d.company_id",
            "so.dealer_channel",
            from_where,
            division="so.dealer_division_id",
            **measures,
        )

    @api.model
    def _kpi_source_confirmed_orders(self, index):
        """Measures 1 and 5: confirmed orders, in the month of confirmation
        (``date_order`` is set when an order is confirmed)."""
        return self._kpi_order_branch(
            index,
            "so.id",
            "so.date_order",
            "FROM sale_order so WHERE so.state = 'sale'",
            orders="1",
            portal_orders="(so.dealer_channel = 'portal')::int",
            nonstandard_orders="COALESCE(so.dealer_has_nonstandard_price, FALSE)::int",
            timed_orders="(so.dealer_submitted_at IS NOT NULL AND so.dealer_confirmed_at IS NOT NULL)::int",
            confirm_hours="COALESCE(GREATEST(EXTRACT(EPOCH FROM so.dealer_confirmed_at - so.dealer_submitted_at), 0)"
            " / 3600.0, 0)",
        )

    @api.model
    def _kpi_source_submitted_orders(self, index):
        """Measure 3: orders submitted through the pipeline (whatever became
        of them: a cancel-and-re-enter is a correction too), in their month
        of submission, and whether they were corrected. Correction rows are
        only written for submitted orders; they are not compared with the
        submission time, which a resubmission moves past the corrections
        that led to it."""
        return self._kpi_order_branch(
            index,
            "so.id",
            "so.dealer_submitted_at",
            "FROM sale_order so WHERE so.dealer_submitted_at IS NOT NULL",
            submitted_orders="1",
            corrected_orders="EXISTS (SELECT 1 FROM dealer_order_correction c WHERE c.order_id = so.id)::int",
        )

    @api.model
    def _kpi_source_attempts(self, index):
        """Measure 3, separate figure: submissions and those the checks blocked."""
        return self._kpi_branch(
            index,
            "a.id",
            "a.create_date",
            "a.partner_id",
            "a.company_id",
            "a.channel",
            "FROM dealer_order_attempt a",
            division="(SELECT so.dealer_division_id FROM sale_order so WHERE so.id = a.order_id)",
            attempts="1",
            blocked_attempts="(a.outcome = 'blocked')::int",
            overridden_attempts="(a.outcome = 'overridden')::int",
        )

    @api.model
    def _kpi_source_status_lookups(self, index):
        """Measure 2, self-service: status look-ups dealers did on the portal."""
        return self._kpi_branch(
            index,
            "v.id",
            "v.date",
            "v.partner_id",
            "v.company_id",
            "v.channel",
            "FROM dealer_order_status_lookup v",
            status_lookups="1",
        )

    @api.model
    def _kpi_source_status_queries(self, index):
        """Measure 2: the status queries the operations team received."""
        return self._kpi_branch(
            index,
            "q.id",
            "q.date",
            "q.partner_id",
            "q.company_id",
            "q.channel",
            "FROM dealer_status_query q",
            status_queries="1",
            status_queries_auto="(q.answered = 'auto')::int",
            status_queries_person="(q.answered = 'person')::int",
            status_queries_pending="(q.answered = 'pending')::int",
            status_query_minutes="COALESCE(q.minutes, 0)",
        )

    @api.model
    def _kpi_source_disputes_raised(self, index):
        """Measure 4: disputes in the month they were raised, on the channel
        of the order they dispute."""
        return self._kpi_dispute_branch(index, "d.create_date", disputes_raised="1")

    @api.model
    def _kpi_source_disputes_resolved(self, index):
        """Measure 4: disputes in the month they were resolved, the hours
        they took and the amount credited."""
        return self._kpi_dispute_branch(
            index,
            "d.resolved_date",
            "d.state IN ('accepted', 'rejected') AND d.resolved_date IS NOT NULL",
            disputes_resolved="1",
            dispute_hours="GREATEST(EXTRACT(EPOCH FROM d.resolved_date - d.create_date), 0) / 3600.0",
            credited_amount="CASE WHEN d.state = 'accepted' THEN COALESCE(d.credited_amount, 0) ELSE 0 END",
        )

    @api.model
    def _kpi_source_price_requests(self, index):
        """Special-price requests (not disputes), in the month the order was submitted."""
        return self._kpi_order_branch(
            index,
            "l.id",
            "so.dealer_submitted_at",
            "FROM sale_order_line l JOIN sale_order so ON so.id = l.order_id"
            " WHERE l.dealer_price_request_reason IS NOT NULL AND so.dealer_submitted_at IS NOT NULL"
            " AND so.state != 'cancel'",
            price_requests="1",
        )

    def init(self):
        # Once every model of the update has its columns (the dealers' wave
        # and go-live date are added by this addon too).
        self.pool.post_init(self._kpi_create_view)

    def _kpi_create_view(self):
        """(Re)create the materialised view, with each update of the addon:
        the sources may have changed."""
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE MATERIALIZED VIEW %s AS %s", SQL.identifier(self._table), self._kpi_query()))
        # The unique index lets the refresh run CONCURRENTLY, readers never waiting.
        for name, columns, unique in (
            ("id", "id", True),
            ("date", "date", False),
            ("partner", "partner_id", False),
            ("wave", "wave_id, months_from_live", False),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE %s INDEX %s ON %s (%s)",
                    SQL("UNIQUE" if unique else ""),
                    SQL.identifier(f"{self._table}_{name}_index"),
                    SQL.identifier(self._table),
                    SQL(columns),
                )
            )
        self._kpi_set_refreshed()

    @api.model
    def _kpi_refresh(self):
        """Recompute the figures from their sources (the cron does it every
        hour; a sales manager may do it from the dashboard's menu)."""
        self.env.flush_all()
        # The grouping of every event spills to disk with the default memory.
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        self.env.cr.execute(SQL("REFRESH MATERIALIZED VIEW CONCURRENTLY %s", SQL.identifier(self._table)))
        self.invalidate_model()
        self._kpi_set_refreshed()

    @api.model
    def _kpi_set_refreshed(self):
        # A technical timestamp, not a setting: written whoever refreshes.
        self.env["ir.config_parameter"].sudo().set_param(
            "dealer_rollout.kpi_refreshed_at", fields.Datetime.to_string(fields.Datetime.now())
        )

    @api.model
    def _kpi_refreshed_at(self):
        """When the figures were last computed (a datetime, or False)."""
        value = self.env["ir.config_parameter"].sudo().get_param("dealer_rollout.kpi_refreshed_at")
        return fields.Datetime.to_datetime(value) if value else False

    @api.model
    def _kpi_query(self):
        sources = self._kpi_sources()
        assert len(sources) <= KEY_SPACE
        events = SQL(" UNION ALL ").join(source(index) for index, source in enumerate(sources))
        sums = SQL(", ").join(SQL("SUM(e.%s) AS %s", SQL.identifier(n), SQL.identifier(n)) for n in MEASURES)
        ratios = SQL(", ").join(
            SQL(
                "CASE WHEN SUM(e.%s) > 0 THEN %s * SUM(e.%s) / SUM(e.%s) ELSE 0 END AS %s",
                SQL.identifier(den),
                factor,
                SQL.identifier(num),
                SQL.identifier(den),
                SQL.identifier(name),
            )
            for name, (num, den, factor) in RATIOS.items()
        )
        # Whole months from the go-live date to the event, rounded down (in
        # integers: EXTRACT's numerics cost a third of the refresh): the
        # day before go-live is month -1, go-live day and the 30 days after
        # it month 0. Before/after is read from the event's own time, so the
        # month of go-live is split between the two.
        return SQL(
            """
            WITH dealer AS (
                SELECT p.id AS partner_id, cp.id AS dealer_id, cp.dealer_tier_id AS tier_id,
                       cp.dealer_rollout_wave_id AS wave_id, cp.dealer_live_date AS live_date
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
                 WHERE cp.dealer_tier_id IS NOT NULL
                    OR EXISTS (SELECT 1 FROM dealer_terms dt WHERE dt.partner_id = cp.id AND dt.active)
            )
            SELECT MIN(e.key) AS id,
                   date_trunc('month', e.at)::date AS date,
                   d.dealer_id AS partner_id, COALESCE(t.tier_id, d.tier_id) AS tier_id,
                   COALESCE(t.wave_id, d.wave_id) AS wave_id, e.company_id, e.channel,
                   e.division_id,
                   m.months AS months_from_live,
                   CASE WHEN m.months IS NULL THEN 'none' WHEN m.months < 0 THEN 'before' ELSE 'after' END
                       AS period,
                   %s, %s
              FROM (%s) e
              JOIN dealer d ON d.partner_id = e.partner_id
              -- The dealer's terms in the event's division: its tier and wave there.
              LEFT JOIN dealer_terms t ON t.partner_id = d.dealer_id AND t.division_id = e.division_id AND t.active
             CROSS JOIN LATERAL (
                SELECT (date_part('year', e.at)::int - date_part('year', d.live_date)::int) * 12
                       + date_part('month', e.at)::int - date_part('month', d.live_date)::int
                       - (date_part('day', e.at)::int < date_part('day', d.live_date)::int)::int AS months
             ) m
             WHERE e.at IS NOT NULL
             GROUP BY 2, 3, 4, 5, 6, 7, 8, 9
            """,
            sums,
            ratios,
            events,
        )

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
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
            self._kpi_fill_ratios(group, wanted)
        return groups

    @api.model
    def _kpi_fill_ratios(self, values, names=None):
        """Set the ratio fields ``names`` (all by default) of ``values``, a
        dict of sums, from their numerator and denominator."""
        for name in names or RATIOS:
            numerator, denominator, factor = RATIOS[name]
            den = values.get(denominator) or 0
            values[name] = factor * (values.get(numerator) or 0) / den if den else 0.0
        return values

    # ------------------------------------------------------------------
    # The roll-out summary
    # ------------------------------------------------------------------
    @api.model
    def _rollout_summary_lines(self):
        """The lines of the roll-out summary: (measure number, field name,
        decimals). Extend with ``super()``."""
        return [
            ("1", "portal_share", 1),
            ("1", "orders", 0),
            ("2", "status_queries", 0),
            ("2", "status_query_minutes", 0),
            ("2", "status_lookups", 0),
            ("3", "error_rate", 1),
            ("3", "blocked_rate", 1),
            ("4", "disputes_raised", 0),
            ("4", "avg_dispute_hours", 1),
            ("4", "credited_amount", 2),
            ("4", "price_requests", 0),
            ("5", "avg_confirm_hours", 1),
        ]

    @api.model
    def _rollout_summary(self, waves, months=3):
        """Per wave: its dealers, those live, and each measure in the
        ``months`` months before and after each dealer's own go-live date.
        Read as the current user, in three queries whatever the number of
        waves or dealers. Returns a list of dicts ``{wave, dealers,
        live_dealers, lines: [{measure, name, label, digits, before, after}]}``."""
        counts = {
            wave: (count, live)
            for wave, count, live in self.env["res.partner"]._read_group(
                [("dealer_rollout_wave_id", "in", waves.ids)],
                ["dealer_rollout_wave_id"],
                ["__count", "dealer_live_date:count"],
            )
        }
        sums = {}
        for wave, period, *values in self._read_group(
            [("wave_id", "in", waves.ids), ("months_from_live", ">=", -months), ("months_from_live", "<", months)],
            ["wave_id", "period"],
            [f"{name}:sum" for name in MEASURES],
        ):
            sums[wave, period] = self._kpi_fill_ratios(dict(zip(MEASURES, values, strict=True)))
        empty = self._kpi_fill_ratios(dict.fromkeys(MEASURES, 0))
        result = []
        for wave in waves:
            before, after = (sums.get((wave, period), empty) for period in ("before", "after"))
            count, live = counts.get(wave, (0, 0))
            result.append(
                {
                    "wave": wave,
                    "dealers": count,
                    "live_dealers": live,
                    "lines": [
                        {
                            "measure": measure,
                            "name": name,
                            "label": self._fields[name]._description_string(self.env),
                            "digits": digits,
                            "before": before[name],
                            "after": after[name],
                        }
                        for measure, name, digits in self._rollout_summary_lines()
                    ],
                }
            )
        return result
