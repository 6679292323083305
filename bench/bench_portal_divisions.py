"""Dealer catalog of a division's portal against the single-division catalog.

Builds a database with 100 dealers and 20,000 products in two halves of the
category tree, starts a real Odoo server and prints the median server time
and SQL query count of the dealer catalog /my/catalog (24 products per
page) and a catalog search, for the same dealer user:

- single division: no division anywhere, the dealer's tier sells one half
  (10,000 products), the manufacturer's own website;
- two divisions, each the portal of its own website (domain) and selling
  one half (10,000 products each): the dealer buys in division A on its own
  tier and in division B on another tier (a terms row); each page is
  measured on its division's domain (``Host`` header), switcher and
  division gate included.

    python bench/bench_portal_divisions.py -c odoo.conf [--db NAME] [--template DB] [--runs 15]

Target: on each division's domain, query count and time within 10% of the
single-division catalog.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 100
PER_DIVISION = 10000
TOLERANCE = 0.10


def _measure(server, session, host, runs):
    session.headers["Host"] = host
    return {
        "catalog": server.measure(session, "GET", "/my/catalog", runs=runs),
        "search": server.measure(session, "GET", "/my/catalog?search=part+0042", runs=runs),
    }


def main():
    args = common.parse_args(
        "dealer_bench_divisions",
        __doc__.splitlines()[0],
        extra=lambda p: p.add_argument("--runs", type=int, default=15),
    )
    registry = common.prepare_database(args, bpc.MODULES)
    odoo = common.import_odoo()
    server = bpc.OdooServer(args.config, args.db)
    host_main = f"127.0.0.1:{server.port}"
    host_a, host_b = f"bench-a.localhost:{server.port}", f"bench-b.localhost:{server.port}"
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        root, leaves, tiers, dealers = bpc.generate_base(env, N_DEALERS)
        half_a, half_b = leaves[: len(leaves) // 2], leaves[len(leaves) // 2 :]
        products_a = bpc.generate_products(env, 0, PER_DIVISION, half_a)
        products_b = bpc.generate_products(env, PER_DIVISION, PER_DIVISION, half_b)
        tier_a, tier_b = tiers[0], tiers[1]
        bpc.add_pricing(env, tier_a, products_a, scheme=True)
        bpc.add_pricing(env, tier_b, products_b, scheme=True)
        # Single division: the dealer's tier sells half A.
        tier_a.categ_ids = [(6, 0, half_a.ids)]
        website = env["website"].search([], limit=1)
        website.domain = f"http://{host_main}"
        cr.commit()
    print(
        f"Division portals vs the single-division catalog: {N_DEALERS} dealers, {PER_DIVISION:,} products "
        f"per division, 24 products per page, median of {args.runs} runs (server time, from Odoo's request log)"
    )
    results = {}
    with server:
        session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
        results["single"] = _measure(server, session, host_main, args.runs)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        tier_a, tier_b = env["dealer.tier"].search([("code", "in", ("BENCH0", "BENCH1"))], order="code")
        leaves = env["product.category"].search([("parent_id.parent_id.name", "=", "Bench")], order="id")
        half_a, half_b = leaves[: len(leaves) // 2], leaves[len(leaves) // 2 :]
        root = env["product.category"].search([("name", "=", "Bench"), ("parent_id", "=", False)], limit=1)
        division_a, division_b = env["dealer.division"].create(
            [
                {"name": "Bench Division A", "code": "BENCHA", "categ_ids": [(6, 0, half_a.ids)]},
                {"name": "Bench Division B", "code": "BENCHB", "categ_ids": [(6, 0, half_b.ids)]},
            ]
        )
        # The tiers sell the whole tree: each division's scope narrows it.
        (tier_a | tier_b).write({"categ_ids": [(6, 0, root.ids)]})
        tier_a.division_id = division_a
        tier_b.division_id = division_b
        dealer = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)]).partner_id.commercial_partner_id
        env["dealer.terms"].create({"partner_id": dealer.id, "division_id": division_b.id, "tier_id": tier_b.id})
        website = env["website"].search([], limit=1)
        website.write({"domain": f"http://{host_a}", "dealer_division_id": division_a.id})
        env["website"].create(
            {
                "name": "Bench Division B portal",
                "domain": f"http://{host_b}",
                "dealer_division_id": division_b.id,
                "company_id": website.company_id.id,
            }
        )
        counts = {
            "A": env["product.product"].search_count(dealer._get_dealer_product_domain("product.product", division_a)),
            "B": env["product.product"].search_count(dealer._get_dealer_product_domain("product.product", division_b)),
        }
        cr.commit()
    with server:
        session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
        results["A"] = _measure(server, session, host_a, args.runs)
        results["B"] = _measure(server, session, host_b, args.runs)

    single = results["single"]
    print(f"\nsingle division ({PER_DIVISION:,} products in the catalog)")
    bpc.row("dealer catalog /my/catalog", *single["catalog"])
    bpc.row("dealer catalog, search by name", *single["search"])
    ok = True
    for key, label in (("A", "division A (own tier)"), ("B", "division B (terms row)")):
        print(f"\n{label}, on its own domain ({counts[key]:,} products in the catalog)")
        for page, title in (("catalog", "dealer catalog /my/catalog"), ("search", "dealer catalog, search by name")):
            seconds, queries = results[key][page]
            time_ratio = seconds / single[page][0]
            query_ratio = queries / single[page][1]
            within = time_ratio <= 1 + TOLERANCE and query_ratio <= 1 + TOLERANCE
            ok = ok and within
            bpc.row(title, seconds, queries, f"time x{time_ratio:.2f}, queries x{query_ratio:.2f}")
    print(f"\nWithin {TOLERANCE:.0%} of the single-division catalog (time and queries): {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
