"""Dealer stock availability against native Odoo stock figures.

Generates 10,000 stored products with stock in the main warehouse and
incoming receipts for some of them, then prints the time and SQL query count
of ``product.product._dealer_get_availability`` (free quantity, indicator,
"back on" date and label) for a 24-product catalog page and for the 200
products of a 200-line order, in real-time and in scheduled (snapshot) mode,
next to native Odoo reading ``free_qty`` for the same products in the same
warehouse. Query counts are printed at two sizes (24 vs 200 products, 20 vs
200 order lines): they must be equal.

    python bench/bench_delivery.py -c odoo.conf [--db NAME] [--template DB]

Targets: query count independent of the number of products and lines.
"""

import os
import random
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

N_PRODUCTS = 10000
N_INCOMING = 1000


def generate(env):
    """Products (ORM, batched), quants (SQL: the ORM would take minutes),
    confirmed receipts for some products, a dealer tier and dealer."""
    rnd = random.Random(7)
    categ = env["product.category"].create({"name": "Bench stock"})
    vals = [
        {
            "name": f"Bench stock part {i:05d}",
            "default_code": f"BS-{i:05d}",
            "type": "consu",
            "is_storable": True,
            "categ_id": categ.id,
            "sale_ok": True,
            "list_price": 10.0 + i % 90,
        }
        for i in range(N_PRODUCTS)
    ]
    products = env["product.product"]
    for start in range(0, N_PRODUCTS, 1000):
        products |= env["product.product"].create(vals[start : start + 1000])
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    env.flush_all()
    ids = products.ids
    # A third out of stock, a few low, the rest in stock.
    qtys = [0.0 if i % 3 == 0 else float(rnd.choice([2, 3, 4, 40, 120, 500])) for i in range(len(ids))]
    stocked = [(pid, q) for pid, q in zip(ids, qtys, strict=True) if q]
    env.cr.execute(
        """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date,
                                 inventory_quantity_set, create_date, write_date, create_uid, write_uid)
        SELECT p.id, %s, %s, p.qty, 0, now() at time zone 'UTC', false,
               now() at time zone 'UTC', now() at time zone 'UTC', 1, 1
          FROM unnest(%s::int[], %s::float8[]) AS p(id, qty)
        """,
        (warehouse.lot_stock_id.id, env.company.id, [p for p, _q in stocked], [q for _p, q in stocked]),
    )
    supplier = env.ref("stock.stock_location_suppliers")
    out_of_stock = [pid for pid, q in zip(ids, qtys, strict=True) if not q]
    moves = env["stock.move"].create(
        [
            {
                "name": "Bench receipt",
                "product_id": pid,
                "product_uom_qty": 50,
                "product_uom": products[:1].uom_id.id,
                "location_id": supplier.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "date": env.cr.now() + timedelta(days=3 + n % 40),
                "picking_type_id": warehouse.in_type_id.id,
            }
            for n, pid in enumerate(out_of_stock[:N_INCOMING])
        ]
    )
    moves._action_confirm()
    tier = env["dealer.tier"].create(
        {"name": "Bench stock tier", "code": "BENCHSTOCK", "categ_ids": [(6, 0, categ.ids)]}
    )
    dealer = env["res.partner"].create(
        {
            "name": "Bench stock dealer",
            "is_company": True,
            "is_dealer": True,
            "dealer_tier_id": tier.id,
        }
    )
    env.flush_all()
    env.cr.execute("ANALYZE")
    return products, warehouse, dealer


def make_order(env, dealer, products, lines):
    return env["sale.order"].create(
        {
            "partner_id": dealer.id,
            "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 5}) for p in products[:lines]],
        }
    )


def main():
    args = common.parse_args("dc_bench_delivery", __doc__)
    odoo, registry = common.prepare_database_timed(args, ["dealer_delivery"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, common.QUIET_CONTEXT)
        t0 = time.perf_counter()
        existing = env["product.product"].search([("default_code", "=like", "BS-%")])
        if args.reuse and len(existing) == N_PRODUCTS:
            products = existing
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            dealer = env["res.partner"].search([("name", "=", "Bench stock dealer")], limit=1)
            print(f"reusing {len(products):,} generated products")
        else:
            products, warehouse, dealer = generate(env)
            # Kept, so that --reuse measures again without generating.
            cr.commit()
            print(
                f"generated {len(products):,} stored products, quants and {N_INCOMING:,} receipts "
                f"in {time.perf_counter() - t0:.0f}s"
            )
        user_env = env(user=env.ref("base.user_admin").id, su=False)
        company = user_env.company.sudo()
        rnd = random.Random(11)
        page24 = user_env["product.product"].browse(rnd.sample(products.ids, 24))
        many200 = user_env["product.product"].browse(rnd.sample(products.ids, 200))
        dealer_u = user_env["res.partner"].browse(dealer.id)
        order20 = make_order(user_env, dealer_u, many200, 20)
        order200 = make_order(user_env, dealer_u, many200, 200)
        env.flush_all()

        def availability(prods):
            return lambda: user_env["product.product"].browse(prods.ids)._dealer_get_availability(dealer_u)

        def native(prods):
            def run():
                recs = user_env["product.product"].with_context(warehouse_id=warehouse.id).browse(prods.ids)
                return {r["id"]: r["free_qty"] for r in recs.read(["free_qty"])}

            return run

        def order_check(order):
            def run():
                so = user_env["sale.order"].browse(order.id)
                return so._dealer_stock_issues(so._dealer_product_lines())

            return run

        results = {}
        company.dealer_stock_mode = "realtime"
        for key, func in (
            ("rt_24", availability(page24)),
            ("rt_200", availability(many200)),
            ("native_24", native(page24)),
            ("native_200", native(many200)),
            ("order_20", order_check(order20)),
            ("order_200", order_check(order200)),
        ):
            results[key] = common.measure(user_env, func)
        t0 = time.perf_counter()
        env["dealer.stock.snapshot"]._refresh_company(env.company)
        env.flush_all()
        refresh = time.perf_counter() - t0
        company.dealer_stock_mode = "scheduled"
        for key, func in (
            ("snap_24", availability(page24)),
            ("snap_200", availability(many200)),
            ("snap_order_200", order_check(order200)),
        ):
            results[key] = common.measure(user_env, func)
        company.dealer_stock_mode = "realtime"

        same = all(
            {k: v for k, v in results["rt_200"][2][pid].items() if k != "snapshot_at"}
            == {k: v for k, v in results["snap_200"][2][pid].items() if k != "snapshot_at"}
            for pid in many200.ids
        )
        agree = all(abs(results["rt_200"][2][pid]["qty"] - results["native_200"][2][pid]) < 1e-6 for pid in many200.ids)
        indicators = {}
        for info in results["rt_200"][2].values():
            indicators[info["indicator"]] = indicators.get(info["indicator"], 0) + 1
        issues = len(results["order_200"][2])

        print(f"\n[{len(products):,} products] warehouse {warehouse.code}")
        common.report_line("dealer availability, 24-product page (real time)", *results["rt_24"][:2])
        common.report_line("dealer availability, 200 products (real time)", *results["rt_200"][:2])
        common.report_line("native free_qty, same 24 products", *results["native_24"][:2])
        common.report_line("native free_qty, same 200 products", *results["native_200"][:2])
        common.report_line("order check, 20-line order (stock issues)", *results["order_20"][:2])
        common.report_line("order check, 200-line order (stock issues)", *results["order_200"][:2])
        common.report_line("dealer availability, 24-product page (snapshot)", *results["snap_24"][:2])
        common.report_line("dealer availability, 200 products (snapshot)", *results["snap_200"][:2])
        common.report_line("order check, 200-line order (snapshot)", *results["snap_order_200"][:2])
        print(f"  snapshot refresh of {len(products):,} products: {refresh:.2f} s")
        print(
            f"  ratio dealer/native (real time), 24: {results['rt_24'][0] / results['native_24'][0]:.2f}   "
            f"200: {results['rt_200'][0] / results['native_200'][0]:.2f}"
        )
        print(f"  200-product sample: indicators {indicators}; {issues} stock issues on the 200-line order")
        print(f"  free quantities equal to native free_qty: {agree}; snapshot answers equal real time: {same}")
        print("\nquery count at two sizes:")
        print(f"  availability real time  24 -> 200 products: {results['rt_24'][1]} -> {results['rt_200'][1]}")
        print(f"  availability snapshot   24 -> 200 products: {results['snap_24'][1]} -> {results['snap_200'][1]}")
        print(f"  order check             20 -> 200 lines:    {results['order_20'][1]} -> {results['order_200'][1]}")
        print(f"  native free_qty         24 -> 200 products: {results['native_24'][1]} -> {results['native_200'][1]}")
        constant = (
            results["rt_24"][1] == results["rt_200"][1]
            and results["snap_24"][1] == results["snap_200"][1]
            and results["order_20"][1] == results["order_200"][1]
        )
        print(f"\nTARGET constant query count: {'PASS' if constant else 'FAIL'}")
        print(f"CHECK same answer in both modes: {'PASS' if same else 'FAIL'}")
        cr.rollback()
    return 0 if constant and same and agree else 1


if __name__ == "__main__":
    sys.exit(main())
