"""Quick-order submission from the dealer portal.

Builds a database with 10,000 products and 500 dealers, starts a real Odoo
server and, as a dealer's order desk user, pastes N lines into the quick
order, then submits the cart on account (the whole order-check pipeline
and the native confirmation). Prints the median server time and SQL query
count of the paste and of the submission for 10, 50 and 100 lines.

    python bench/bench_portal_submit.py -c odoo.conf [--db NAME] [--template DB] [--runs 9]

Targets: 50-line submission <= 1 s median; query count does not grow with
the line count.

With background fulfilment (the default), the submission confirms the order
and the stock moves are created by a job right after the response; the job
is measured separately, next to native ``action_confirm`` on the same orders.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 500
N_PRODUCTS = 10000
LINE_COUNTS = (10, 50, 100)


def main():
    args = common.parse_args(
        "dealer_bench_portal_submit",
        __doc__.splitlines()[0],
        extra=lambda p: p.add_argument("--runs", type=int, default=9),
    )
    registry = common.prepare_database(args, bpc.MODULES)
    odoo = common.import_odoo()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        # Stock for every product pasted, so the availability check passes.
        _dealers, codes = bpc.generate_orderable(env, N_DEALERS, N_PRODUCTS, 2000)
        cr.commit()
    print(
        f"Quick-order paste and submission: {N_PRODUCTS:,} products, {N_DEALERS} dealers, "
        f"median of {args.runs} runs (server time, from Odoo's request log)"
    )
    with bpc.OdooServer(args.config, args.db) as server:
        session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
        counter = {"n": 0}
        for n_lines in LINE_COUNTS:

            def paste(n_lines=n_lines):
                counter["n"] += 1
                start = (counter["n"] * 37) % (len(codes) - n_lines)
                lines = "\n".join(f"{code} {1 + i % 5}" for i, code in enumerate(codes[start : start + n_lines]))
                html = session.get(f"{server.url}/my/quick-order", timeout=60).text
                return {"data": {"csrf_token": bpc.csrf_token(html), "lines": lines}}

            def submit():
                paste_kwargs = paste()
                session.post(f"{server.url}/my/quick-order/add", data=paste_kwargs["data"], timeout=120)
                html = session.get(f"{server.url}/shop/cart", timeout=60).text
                key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', html).group(1)
                return {"data": {"csrf_token": bpc.csrf_token(html), "submission_key": key, "po_ref": "BENCH"}}

            paste_t, paste_q = server.measure(session, "POST", "/my/quick-order/add", runs=args.runs, prepare=paste)
            # Empty the cart the paste runs filled.
            session.get(f"{server.url}/shop/cart", timeout=60)
            submit_t, submit_q = server.measure(session, "POST", "/shop/dealer/submit", runs=args.runs, prepare=submit)
            print(f"\n{n_lines} lines")
            bpc.row("quick order paste (parse, match, add to cart)", paste_t, paste_q)
            bpc.row("submit on account (pipeline + confirmation)", submit_t, submit_q)
            # The order pasted last is the one submitted last.
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                last = env["sale.order"].search([("dealer_submitted_at", "!=", False)], order="id desc", limit=1)
                print(f"    last submission: {last.name}, {last.state}, {len(last.order_line)} lines")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        attempts = env["dealer.order.attempt"].read_group([], ["outcome"], ["outcome"])
        print("\nSubmission outcomes: " + ", ".join(f"{a['outcome']}={a['outcome_count']}" for a in attempts))
        # The checks alone (every addon's pipeline), in process, as the dealer
        # user: what the portal adds on top of native confirmation.
        user = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)])
        products = env["product.product"].search([("default_code", "in", codes[: max(LINE_COUNTS)])])
        print("\nOrder-check pipeline only (_get_dealer_order_issues), in process")
        for n_lines in LINE_COUNTS:
            order = env["sale.order"].create(
                {
                    "partner_id": user.partner_id.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in products[:n_lines]],
                }
            )
            order_user = order.with_user(user).sudo()
            seconds, queries, issues = common.measure(env, order_user._get_dealer_order_issues, repeat=9)
            bpc.row(f"{n_lines} lines", seconds, queries, f"{len(issues)} issues")
        # What the submission leaves to the background job: the native
        # procurement (stock moves, reservation) of the confirmed order.
        print("\nBackground fulfilment job for one submitted order (after the response), in process")
        for n_lines in LINE_COUNTS:
            order = env["sale.order"].create(
                {
                    "partner_id": user.partner_id.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in products[:n_lines]],
                }
            )
            outcome = order.action_dealer_submit(channel="portal")["outcome"]
            env.flush_all()
            env.invalidate_all()
            start_count, start = cr.sql_log_count, time.perf_counter()
            order._dealer_run_fulfilment()
            env.flush_all()
            bpc.row(
                f"{n_lines} lines ({outcome})",
                time.perf_counter() - start,
                cr.sql_log_count - start_count,
                f"{len(order.picking_ids.move_ids)} stock moves",
            )
        # The reference: native confirmation of the same orders, no checks.
        print("\nNative confirmation only (action_confirm), in process")
        for n_lines in LINE_COUNTS:
            order = env["sale.order"].create(
                {
                    "partner_id": user.partner_id.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in products[:n_lines]],
                }
            )
            # Native confirmation of a dealer order needs a submission (the one-door
            # gate): marked submitted here, elevated, outside the timing.
            order.sudo().write({"dealer_submitted_at": order.create_date})
            env.flush_all()
            env.invalidate_all()
            start_count, start = cr.sql_log_count, time.perf_counter()
            order.action_confirm()
            env.flush_all()
            bpc.row(f"{n_lines} lines", time.perf_counter() - start, cr.sql_log_count - start_count)
        cr.rollback()


if __name__ == "__main__":
    main()
