"""Dealer catalog page against Odoo's native /shop.

Builds a database with 500 dealers in 5 tiers and a catalog of 1,000 then
10,000 products, starts a real Odoo server, signs in as a dealer's order
desk user and prints, at both catalog sizes, the median server time and SQL
query count of:

- the dealer catalog /my/catalog (24 products per page, prices, schemes,
  availability, quantity rules);
- native /shop?ppg=24 for the same user and page size;
- a catalog search and a later page.

    python bench/bench_portal_catalog.py -c odoo.conf [--db NAME] [--template DB] [--runs 15]

Targets: catalog / native ratio <= 1.0 at 10,000 products; the catalog's
query count does not grow from 1,000 to 10,000 products.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 500
SIZES = (1000, 10000)


def main():
    args = common.parse_args(
        "dealer_bench_portal",
        __doc__.splitlines()[0],
        extra=lambda p: p.add_argument("--runs", type=int, default=15),
    )
    registry = common.prepare_database(args, bpc.MODULES)
    odoo = common.import_odoo()
    results = {}
    done = 0
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        root, leaves, tiers, dealers = bpc.generate_base(env, N_DEALERS)
        cr.commit()
    print(
        f"Dealer catalog vs native /shop: {N_DEALERS} dealers, 24 products per page, "
        f"median of {args.runs} runs (server time, from Odoo's request log)"
    )
    for size in SIZES:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            leaves = env["product.category"].search([("parent_id.parent_id.name", "=", "Bench")])
            products = bpc.generate_products(env, done, size - done, leaves)
            # One scheme, made with the first products: only the catalog grows.
            bpc.add_pricing(env, env["dealer.tier"].search([("code", "=", "BENCH0")]), products, scheme=not done)
            cr.commit()
        done = size
        with bpc.OdooServer(args.config, args.db) as server:
            session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
            measures = {
                "catalog": server.measure(session, "GET", "/my/catalog", runs=args.runs),
                "shop": server.measure(session, "GET", "/shop?ppg=24", runs=args.runs),
                "search": server.measure(session, "GET", "/my/catalog?search=part+0042", runs=args.runs),
                "page": server.measure(session, "GET", "/my/catalog?page=20", runs=args.runs),
            }
        results[size] = measures
        print(f"\n{size:,} products")
        bpc.row("dealer catalog /my/catalog", *measures["catalog"])
        bpc.row("native /shop?ppg=24 (same user)", *measures["shop"])
        bpc.row("dealer catalog, search by name", *measures["search"])
        bpc.row("dealer catalog, page 20", *measures["page"])
        ratio = measures["catalog"][0] / measures["shop"][0]
        print(f"  ratio catalog / native: {ratio:.2f}  (target <= 1.0)")
    small, big = results[SIZES[0]]["catalog"][1], results[SIZES[-1]]["catalog"][1]
    print(
        f"\nCatalog query count at {SIZES[0]:,} products: {small}; at {SIZES[-1]:,}: {big} "
        f"({'constant' if big <= small else 'GROWS'})"
    )
    native_small, native_big = results[SIZES[0]]["shop"][1], results[SIZES[-1]]["shop"][1]
    print(f"Native /shop query count at {SIZES[0]:,}: {native_small}; at {SIZES[-1]:,}: {native_big}")


if __name__ == "__main__":
    main()
