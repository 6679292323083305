"""Dealer order history against Odoo's native /my/orders.

Builds a database with 1,000 dealers and a large sale_order table (about
200,000 orders of other dealers, two lines each, written with batched SQL
inserts), gives the measured dealer first 1,000 then 5,000 orders, starts a
real Odoo server, signs in as that dealer's order-desk user and prints, at
both sizes, the median server time and SQL query count of:

- the dealer history /my/dealer/orders (80 orders per page, stage, PO
  reference, who ordered, total);
- native /my/orders for the same user and page size;
- a search by product SKU (subquery on the order lines), by PO reference,
  in all fields, a later page, and the CSV export.

    python bench/bench_portal_history.py -c odoo.conf [--db NAME] [--template DB] [--runs 15]
        [--other-orders 200000]

Targets: history / native ratio <= 1.2 at 5,000 orders; the query count of
every history request is the same at 1,000 and 5,000 orders.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 1000
N_PRODUCTS = 1000
SIZES = (1000, 5000)


def _columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
    return {row[0] for row in cr.fetchall()}


def insert_orders(env, start, count, partner_ids, follower_ids, products, prefix):
    """``count`` confirmed orders numbered from ``start``, the n-th for
    ``partner_ids[n % len]`` followed by ``follower_ids[n % len]``, with two
    lines each, in three INSERT ... SELECT statements."""
    cr = env.cr
    company = env.company
    currency_id = company.currency_id.id
    pricelist_id = env["product.pricelist"].search([], limit=1).id
    cols = _columns(cr, "sale_order")
    extra_cols, extra_vals = [], []
    # Columns of the dealer addons, filled when present so the pages show
    # realistic stages.
    if "dealer_stage" in cols:
        extra_cols.append("dealer_stage")
        extra_vals.append("(ARRAY['confirmed','processing','dispatched','delivered'])[1 + g %% 4]")
    if "is_dealer_order" in cols:
        extra_cols.append("is_dealer_order")
        extra_vals.append("TRUE")
    if "dealer_channel" in cols:
        extra_cols.append("dealer_channel")
        extra_vals.append("'portal'")
    if "dealer_confirmed_at" in cols:
        extra_cols.append("dealer_confirmed_at")
        extra_vals.append("now() - (g %% 3000) * interval '3 hours'")
    cr.execute(
        f"""
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                                date_order, state, picking_policy, dealer_approval_state, currency_id,
                                pricelist_id, client_order_ref, amount_untaxed, amount_tax, amount_total,
                                invoice_status, create_uid, write_uid, create_date, write_date
                                {"".join(", " + c for c in extra_cols)})
        SELECT %(prefix)s || lpad(g::text, 7, '0'),
               (%(partners)s::int[])[1 + g %% %(np)s], (%(partners)s::int[])[1 + g %% %(np)s],
               (%(partners)s::int[])[1 + g %% %(np)s], %(company)s,
               now() - (g %% 3000) * interval '3 hours', 'sale', 'direct', 'not_needed', %(currency)s,
               %(pricelist)s, 'PO-' || lpad(g::text, 7, '0'), 100 + g %% 900, 0, 100 + g %% 900,
               'to invoice', 1, 1, now(), now()
               {"".join(", " + v for v in extra_vals)}
          FROM generate_series(%(start)s, %(stop)s) g
        RETURNING id
        """,
        {
            "prefix": prefix,
            "partners": partner_ids,
            "np": len(partner_ids),
            "company": company.id,
            "currency": currency_id,
            "pricelist": pricelist_id,
            "start": start,
            "stop": start + count - 1,
        },
    )
    order_ids = [row[0] for row in cr.fetchall()]
    product_ids = products.ids
    uom_id = env.ref("uom.product_uom_unit").id
    for k in (1, 7):
        cr.execute(
            """
            INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty, price_unit,
                                         customer_lead, company_id, currency_id, product_uom,
                                         price_subtotal, price_total, state, create_uid, write_uid,
                                         create_date, write_date)
            SELECT o, 'Bench line', (%(products)s::int[])[1 + (o * %(k)s) %% %(n)s], 1 + o %% 10, 10, 0,
                   %(company)s, %(currency)s, %(uom)s, 10, 10, 'sale', 1, 1, now(), now()
              FROM unnest(%(orders)s::int[]) o
            """,
            {
                "products": product_ids,
                "k": k,
                "n": len(product_ids),
                "company": company.id,
                "currency": currency_id,
                "uom": uom_id,
                "orders": order_ids,
            },
        )
    cr.execute(
        """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'sale.order', o.id, (%(followers)s::int[])[1 + (o.n - 1 + %(start)s) %% %(nf)s]
          FROM unnest(%(orders)s::int[]) WITH ORDINALITY AS o(id, n)
        """,
        {"followers": follower_ids, "nf": len(follower_ids), "orders": order_ids, "start": start},
    )
    return order_ids


def main():
    args = common.parse_args(
        "dealer_bench_history",
        __doc__.splitlines()[0],
        extra=lambda p: (
            p.add_argument("--runs", type=int, default=15),
            p.add_argument("--other-orders", type=int, default=200000),
        ),
    )
    registry = common.prepare_database(args, bpc.MODULES)
    odoo = common.import_odoo()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        _root, leaves, _tiers, dealers = bpc.generate_base(env, N_DEALERS)
        products = bpc.generate_products(env, 0, N_PRODUCTS, leaves)
        user = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)])
        others = dealers[1:]
        insert_orders(env, 1, args.other_orders, others.ids, others.ids, products, "BO")
        clerk = user.partner_id.id
        insert_orders(env, 1, SIZES[0], [clerk], [clerk], products, "BD")
        env.invalidate_all()
        cr.execute("ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE mail_followers")
        cr.execute("SELECT count(*) FROM sale_order")
        total = cr.fetchone()[0]
        cr.commit()
    print(
        f"Dealer order history vs native /my/orders: {N_DEALERS} dealers, {total:,} orders in the table "
        f"(2 lines each), 80 orders per page, median of {args.runs} runs (server time, from Odoo's request log)"
    )
    measures = {}
    done = SIZES[0]
    for size in SIZES:
        if size > done:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                clerk = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)]).partner_id.id
                products = env["product.product"].search([("default_code", "=like", "BP-%")])
                insert_orders(env, done + 1, size - done, [clerk], [clerk], products, "BD")
                cr.execute("ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE mail_followers")
                cr.commit()
            done = size
        with bpc.OdooServer(args.config, args.db) as server:
            session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
            runs = args.runs
            measures[size] = {
                "native": server.measure(session, "GET", "/my/orders", runs=runs),
                "history": server.measure(session, "GET", "/my/dealer/orders", runs=runs),
                "product": server.measure(
                    session, "GET", "/my/dealer/orders?search=BP-00042&search_in=product", runs=runs
                ),
                "po": server.measure(session, "GET", "/my/dealer/orders?search=PO-0000420&search_in=po", runs=runs),
                "all": server.measure(session, "GET", "/my/dealer/orders?search=BP-0004&search_in=all", runs=runs),
                "page": server.measure(session, "GET", "/my/dealer/orders/page/40", runs=runs),
                "export": server.measure(session, "GET", "/my/dealer/orders/export", runs=max(3, runs // 3)),
            }
        m = measures[size]
        print(f"\n{size:,} orders of the measured dealer:")
        bpc.row("native /my/orders", *m["native"])
        bpc.row("history /my/dealer/orders", *m["history"], f"ratio {m['history'][0] / m['native'][0]:.2f}")
        bpc.row("history, search product SKU", *m["product"])
        bpc.row("history, search PO reference", *m["po"])
        bpc.row("history, search all fields", *m["all"])
        bpc.row("history, page 40", *m["page"])
        bpc.row(f"CSV export ({size:,} rows)", *m["export"])
    small, large = measures[SIZES[0]], measures[SIZES[-1]]
    print("\nQuery count at 1,000 -> 5,000 orders:")
    for key in ("history", "product", "po", "all", "page"):
        same = "same" if small[key][1] == large[key][1] else "DIFFERENT"
        print(f"  {key:<10} {small[key][1]:4d} -> {large[key][1]:4d}  {same}")
    ratio = large["history"][0] / large["native"][0]
    print(f"\nRatio history / native at {SIZES[-1]:,} orders: {ratio:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
