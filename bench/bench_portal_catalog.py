"""Dealer catalog page against Odoo's native /shop, as the catalog grows.

Builds a database with 500 dealers in 5 tiers and a catalog of 1,000, then
10,000 (then, with ``--sizes 1000,10000,100000``, 100,000) products, starts a
real Odoo server, signs in as a dealer's order desk user and prints, at each
catalog size, the median server time and SQL query count of:

- the dealer catalog /my/catalog (24 products per page, prices, schemes,
  availability, quantity rules, the category filter);
- native /shop?ppg=24 for the same user and page size;
- a catalog search, a category and a later page.

The first size is made with the ORM; the growth is written in SQL
(``bench_portal_common.bulk_products``: copies of an ORM-made product), so
100,000 products take a minute instead of half an hour.

    python bench/bench_portal_catalog.py -c odoo.conf [--db NAME] [--template DB] [--runs 15] \\
        [--sizes 1000,10000,100000]

Targets: the catalog's time at the largest size <= 1.3x its time at the
first; catalog / native ratio <= 0.8 at every size; the catalog's query
count does not grow with the catalog.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 500
SIZES = "1000,10000"
GROWTH_TARGET = 1.3
NATIVE_TARGET = 0.8


def main():
    def extra(parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--sizes", default=SIZES, help="catalog sizes, ascending (default %(default)s)")

    args = common.parse_args("dealer_bench_portal", __doc__.splitlines()[0], extra=extra)
    sizes = [int(s) for s in args.sizes.split(",")]
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
    for size in sizes:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            tier = env["dealer.tier"].search([("code", "=", "BENCH0")])
            if not done:
                leaves = env["product.category"].search([("parent_id.parent_id.name", "=", "Bench")])
                products = bpc.generate_products(env, done, size - done, leaves)
                # One scheme, made with the first products: only the catalog grows.
                bpc.add_pricing(env, tier, products, scheme=True)
            else:
                prototype = env["product.product"].search([("default_code", "=", "BP-00001")])
                bpc.bulk_products(env, done, size - done, prototype, pricelist=tier.pricelist_id)
            cr.commit()
        done = size
        categ = leaves[:1].id
        with bpc.OdooServer(args.config, args.db) as server:
            session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
            measures = server.measure_interleaved(
                session,
                {
                    "catalog": "/my/catalog",
                    "shop": "/shop?ppg=24",
                    "search": "/my/catalog?search=part+0042",
                    "categ": f"/my/catalog?categ={categ}",
                    "page": "/my/catalog?page=20",
                },
                runs=args.runs,
            )
        results[size] = measures
        print(f"\n{size:,} products (load average {os.getloadavg()[0]:.2f})")
        bpc.row("dealer catalog /my/catalog", *measures["catalog"])
        bpc.row("native /shop?ppg=24 (same user)", *measures["shop"])
        bpc.row("dealer catalog, search by name", *measures["search"])
        bpc.row("dealer catalog, one category", *measures["categ"])
        bpc.row("dealer catalog, page 20", *measures["page"])
        ratio = measures["catalog"][0] / measures["shop"][0]
        print(f"  ratio catalog / native: {ratio:.2f}  (target <= {NATIVE_TARGET})")
    first, last = sizes[0], sizes[-1]
    print(f"\nGrowth from {first:,} to {last:,} products:")
    for key, label in (("catalog", "catalog"), ("search", "search"), ("categ", "category"), ("page", "page 20")):
        growth = results[last][key][0] / results[first][key][0]
        queries = " / ".join(str(results[size][key][1]) for size in sizes)
        print(f"  {label:<10} time x{growth:.2f}  queries {queries}")
    growth = results[last]["catalog"][0] / results[first]["catalog"][0]
    small, big = results[first]["catalog"][1], results[last]["catalog"][1]
    print(
        f"Catalog page: x{growth:.2f} from {first:,} to {last:,} products (target <= {GROWTH_TARGET}); "
        f"queries {small} -> {big} ({'constant' if big <= small else 'GROWS'})"
    )
    ratios = ", ".join(f"{size:,}: {results[size]['catalog'][0] / results[size]['shop'][0]:.2f}" for size in sizes)
    print(f"Catalog / native /shop: {ratios} (target <= {NATIVE_TARGET} at every size)")
    natives = " / ".join(str(results[size]["shop"][1]) for size in sizes)
    print(f"Native /shop query count: {natives}")


if __name__ == "__main__":
    main()
