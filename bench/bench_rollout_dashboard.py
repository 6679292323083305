"""Roll-out dashboard: the KPI view's queries on 1,000 dealers and 200,000 orders.

Builds a database with 1,000 dealers in 10 roll-out waves (go-live dates a
month apart) and, written with batched SQL inserts, 200,000 orders over two
years on every channel (5 % cancelled), one submission attempt per order
(10 % blocked), portal status look-ups, inbound status queries, manual
corrections and pricing disputes. Then prints, as a sales manager (record
rules applied), the median time and the SQL query count of:

- the monthly summary: every measure, grouped by month; by month and wave;
  by month and channel;
- the dashboard's default graph (month x before/after go-live, dealers of a wave);
- the roll-out summary of the 10 waves (the data, and the report's HTML);
- the refresh of the materialised figures (what the hourly cron does).

It measures first with 100 dealers and 20,000 orders, then with all 1,000
dealers and 200,000 orders.

    python bench/bench_rollout_dashboard.py -c odoo.conf [--db NAME] [--template DB] [--runs 5]

Targets: under 1 s for the monthly summary at 1,000 dealers and 200,000
orders; the query count of every call is the same at 100 and 1,000 dealers.
"""

import functools
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

MODULES = bpc.MODULES + ["dealer_order_intake", "dealer_rollout"]
N_DEALERS = 1000
N_WAVES = 10
# (dealers, orders) of each measuring step.
STEPS = ((100, 20000), (N_DEALERS, 200000))
REPORT = "dealer_rollout.report_rollout_summary"


def insert_orders(env, start, count, partner_ids):
    """``count`` orders numbered from ``start`` over the last two years, the
    n-th for ``partner_ids[n % len]``, on every channel, 1 in 20 cancelled,
    confirmed 0 to 47 hours after their submission. Returns their ids."""
    cr = env.cr
    company = env.company
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                                date_order, state, picking_policy, dealer_approval_state, currency_id,
                                pricelist_id, amount_untaxed, amount_tax, amount_total, invoice_status,
                                is_dealer_order, dealer_channel, dealer_submitted_at, dealer_confirmed_at,
                                dealer_has_nonstandard_price, create_uid, write_uid, create_date, write_date)
        SELECT 'RO' || lpad(g::text, 7, '0'),
               (%(partners)s::int[])[1 + g %% %(np)s], (%(partners)s::int[])[1 + g %% %(np)s],
               (%(partners)s::int[])[1 + g %% %(np)s], %(company)s,
               o.confirmed, CASE WHEN g %% 20 = 0 THEN 'cancel' ELSE 'sale' END, 'direct', 'not_needed',
               %(currency)s, %(pricelist)s, 100 + g %% 900, 0, 100 + g %% 900, 'to invoice', TRUE,
               (ARRAY['portal', 'portal', 'phone', 'email', 'whatsapp', 'backoffice'])[1 + (g * 7) %% 6],
               o.confirmed - (g %% 48) * interval '1 hour', o.confirmed, g %% 10 = 0, 1, 1, o.confirmed, o.confirmed
          FROM generate_series(%(start)s, %(stop)s) g,
               LATERAL (SELECT now() - (g %% 730) * interval '1 day' - (g %% 24) * interval '1 hour'
                        AS confirmed) o
        RETURNING id
        """,
        {
            "partners": partner_ids,
            "np": len(partner_ids),
            "company": company.id,
            "currency": company.currency_id.id,
            "pricelist": env["product.pricelist"].search([], limit=1).id,
            "start": start,
            "stop": start + count - 1,
        },
    )
    return [row[0] for row in cr.fetchall()]


def insert_activity(env, order_ids, user_id):
    """For the orders ``order_ids``: one submission attempt each (1 in 10
    blocked), a portal look-up for every 2nd, an inbound status query for
    every 4th, a correction for every 25th, a pricing dispute for every
    100th (half of them resolved, one in two of those accepted)."""
    cr = env.cr
    reason = env["dealer.order.correction.reason"].search([], limit=1)
    params = {"orders": order_ids, "user": user_id, "reason": reason.id}
    cr.execute(
        """
        INSERT INTO dealer_order_attempt (order_id, partner_id, user_id, company_id, channel, outcome,
                                          issue_count, create_uid, write_uid, create_date, write_date)
        SELECT so.id, so.partner_id, %(user)s, so.company_id, so.dealer_channel,
               CASE WHEN so.id %% 10 = 0 THEN 'blocked' ELSE 'confirmed' END, 0, 1, 1,
               so.dealer_submitted_at, so.dealer_submitted_at
          FROM sale_order so WHERE so.id = ANY(%(orders)s)
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO dealer_order_status_lookup (order_id, partner_id, user_id, company_id, channel, date)
        SELECT so.id, so.partner_id, %(user)s, so.company_id, 'portal', so.date_order + interval '1 day'
          FROM sale_order so WHERE so.id = ANY(%(orders)s) AND so.id %% 2 = 0
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO dealer_status_query (date, partner_id, order_id, company_id, channel, minutes, user_id,
                                         answered, create_uid, write_uid, create_date, write_date)
        SELECT so.date_order + interval '2 days', so.partner_id, so.id, so.company_id,
               (ARRAY['phone', 'email', 'whatsapp'])[1 + so.id %% 3], 1 + so.id %% 9,
               CASE WHEN so.id %% 3 = 1 THEN NULL ELSE %(user)s END,
               (ARRAY['person', 'auto', 'pending'])[1 + so.id %% 3], 1, 1, so.date_order, so.date_order
          FROM sale_order so WHERE so.id = ANY(%(orders)s) AND so.id %% 4 = 0
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO dealer_order_correction (order_id, partner_id, company_id, user_id, date, kind, field_name,
                                             reason_id, create_uid, write_uid, create_date, write_date)
        SELECT so.id, so.partner_id, so.company_id, %(user)s, so.date_order + interval '3 hours', 'quantity',
               'product_uom_qty', %(reason)s, 1, 1, so.date_order, so.date_order
          FROM sale_order so WHERE so.id = ANY(%(orders)s) AND so.id %% 25 = 0
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO dealer_price_dispute (name, partner_id, company_id, order_id, currency_id, reason, state,
                                          resolved_date, credited_amount, create_uid, write_uid,
                                          create_date, write_date)
        SELECT 'DSP' || so.id, so.partner_id, so.company_id, so.id, so.currency_id, 'Bench dispute',
               (ARRAY['open', 'accepted', 'open', 'rejected'])[1 + (so.id / 100) %% 4],
               CASE WHEN (so.id / 100) %% 2 = 1 THEN so.date_order + interval '30 hours' END,
               CASE WHEN (so.id / 100) %% 4 = 1 THEN 25 ELSE 0 END, 1, 1, so.date_order, so.date_order
          FROM sale_order so WHERE so.id = ANY(%(orders)s) AND so.id %% 100 = 0
        """,
        params,
    )


def assign_waves(env, waves, dealers):
    """Dealer n joins wave n % 10, live (10 - k) months ago for wave k."""
    env.cr.execute(
        """
        UPDATE res_partner p
           SET dealer_rollout_wave_id = (%(waves)s::int[])[1 + d.n %% %(nw)s],
               dealer_live_date = (now() - (%(nw)s - d.n %% %(nw)s) * interval '1 month')::date
          FROM unnest(%(dealers)s::int[]) WITH ORDINALITY AS d(id, n)
         WHERE p.id = d.id
        """,
        {"waves": waves.ids, "nw": len(waves), "dealers": dealers.ids},
    )
    env.invalidate_all()


def main():
    args = common.parse_args(
        "dealer_bench_rollout",
        __doc__.splitlines()[0],
        extra=lambda p: p.add_argument("--runs", type=int, default=5),
    )
    registry = common.prepare_database(args, MODULES)
    odoo = common.import_odoo()
    from odoo.addons.dealer_rollout.models.dealer_portal_kpi import MEASURES, RATIOS

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        _root, _leaves, _tiers, dealers = bpc.generate_base(env, N_DEALERS)
        waves = env["dealer.rollout.wave"].create(
            [{"name": f"Bench wave {k}", "company_id": env.company.id} for k in range(N_WAVES)]
        )
        cr.commit()
        dealer_ids, wave_ids = dealers.ids, waves.ids

    fields = [f"{name}:sum" for name in MEASURES] + list(RATIOS)
    results = {}
    done_orders = 0
    for n_dealers, n_orders in STEPS:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            dealers = env["res.partner"].browse(dealer_ids[:n_dealers])
            assign_waves(env, env["dealer.rollout.wave"].browse(wave_ids), dealers)
            order_ids = insert_orders(env, done_orders + 1, n_orders - done_orders, dealers.ids)
            insert_activity(env, order_ids, env.ref("base.user_admin").id)
            done_orders = n_orders
            cr.execute(
                "ANALYZE sale_order; ANALYZE dealer_order_attempt; ANALYZE dealer_order_status_lookup;"
                " ANALYZE dealer_status_query; ANALYZE dealer_order_correction; ANALYZE dealer_price_dispute;"
                " ANALYZE res_partner"
            )
            cr.commit()
            # The figures are a materialised view: the hourly cron's refresh.
            start = time.perf_counter()
            env["dealer.portal.kpi"]._kpi_refresh()
            refresh = time.perf_counter() - start
            cr.commit()
        with registry.cursor() as cr:
            # A sales manager, with the KPI's company rule applied.
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env = env(user=env.ref("base.user_admin"))
            Kpi = env["dealer.portal.kpi"]
            waves = env["dealer.rollout.wave"].browse(wave_ids)
            in_wave = [("wave_id", "!=", False)]
            Report = env["ir.actions.report"]
            group = functools.partial(Kpi.read_group, lazy=False)
            calls = {
                "month": functools.partial(group, [], fields, ["date:month"]),
                "month_wave": functools.partial(group, [], fields, ["date:month", "wave_id"]),
                "month_channel": functools.partial(group, [], fields, ["date:month", "channel"]),
                "graph": functools.partial(group, in_wave, ["portal_share"], ["date:month", "period"]),
                "summary": functools.partial(Kpi._rollout_summary, waves),
                "report": functools.partial(Report._render_qweb_html, REPORT, waves.ids),
            }
            results[n_dealers] = {key: common.measure(env, call, repeat=args.runs) for key, call in calls.items()}
            cr.execute("SELECT count(*) FROM sale_order")
            total = cr.fetchone()[0]
            rows = Kpi.search_count([])
        r = results[n_dealers]
        print(
            f"\n{n_dealers:,} dealers in {N_WAVES} waves, {total:,} orders in the table "
            f"({rows:,} KPI rows), median of {args.runs} runs:"
        )
        common.report_line("refresh of the figures (hourly cron)", refresh, 1)
        common.report_line("monthly summary: by month", *r["month"][:2])
        common.report_line("monthly summary: by month and wave", *r["month_wave"][:2])
        common.report_line("monthly summary: by month and channel", *r["month_channel"][:2])
        common.report_line("dashboard graph: month x before/after, in a wave", *r["graph"][:2])
        common.report_line(f"roll-out summary of {N_WAVES} waves (data)", *r["summary"][:2])
        common.report_line(f"roll-out summary of {N_WAVES} waves (report HTML)", *r["report"][:2])
    small, large = results[STEPS[0][0]], results[STEPS[-1][0]]
    print(f"\nQuery count at {STEPS[0][0]:,} -> {STEPS[-1][0]:,} dealers:")
    for key in small:
        same = "same" if small[key][1] == large[key][1] else "DIFFERENT"
        print(f"  {key:<14} {small[key][1]:4d} -> {large[key][1]:4d}  {same}")
    worst = max(large[key][0] for key in ("month", "month_wave", "month_channel"))
    print(f"\nSlowest monthly summary at {STEPS[-1][0]:,} dealers: {worst * 1000:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main()
