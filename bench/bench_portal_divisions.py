"""Dealer catalog of a division's portal against the single-division catalog.

Builds a database with 100 dealers and 20,000 products in two halves of the
category tree, starts a real Odoo server and prints the median server time
and SQL query count of the dealer catalog /my/catalog (24 products per
page) and a catalog search, for the same dealer user, on three websites of
the same server, measured in turn so that load hits them alike:

- single division: the manufacturer's website, portal of no division: the
  dealer buys on its own tier, which sells one half (10,000 products);
- division A and division B, each the portal of its own website (domain,
  ``Host`` header) and selling one half (10,000 products each): the dealer
  buys in A on its own tier and in B on another tier (a terms row);
  switcher and division gate included.

    python bench/bench_portal_divisions.py -c odoo.conf [--db NAME] [--template DB] [--runs 15] [--reuse]

Target: on each division's domain, query count and time within 10% of the
single-division catalog.
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 100
PER_DIVISION = 10000
TOLERANCE = 0.10


def build(env):
    """The dealers, the two halves of the catalog, the two divisions with
    their tiers and websites, and the dealer's terms in division B."""
    root, leaves, tiers, dealers = bpc.generate_base(env, N_DEALERS)
    half_a, half_b = leaves[: len(leaves) // 2], leaves[len(leaves) // 2 :]
    products_a = bpc.generate_products(env, 0, PER_DIVISION, half_a)
    products_b = bpc.generate_products(env, PER_DIVISION, PER_DIVISION, half_b)
    tier_a, tier_b = tiers[0], tiers[1]
    bpc.add_pricing(env, tier_a, products_a, scheme=True)
    bpc.add_pricing(env, tier_b, products_b, scheme=True)
    division_a, division_b = env["dealer.division"].create(
        [
            {"name": "Bench Division A", "code": "BENCHA", "categ_ids": [(6, 0, half_a.ids)]},
            {"name": "Bench Division B", "code": "BENCHB", "categ_ids": [(6, 0, half_b.ids)]},
        ]
    )
    # The tiers sell the whole tree: each division's scope narrows it.
    tier_a.write({"categ_ids": [(6, 0, root.ids)], "division_id": division_a.id})
    tier_b.write({"categ_ids": [(6, 0, root.ids)], "division_id": division_b.id})
    dealer = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)]).partner_id.commercial_partner_id
    env["dealer.terms"].create({"partner_id": dealer.id, "division_id": division_b.id, "tier_id": tier_b.id})
    company = env["website"].search([], limit=1).company_id
    env["website"].create(
        [
            {"name": "Bench Division A portal", "dealer_division_id": division_a.id, "company_id": company.id},
            {"name": "Bench Division B portal", "dealer_division_id": division_b.id, "company_id": company.id},
        ]
    )


def session_on(server, host):
    """A signed-in session of the bench dealer on the website of ``host``
    (the session cookie sent whatever the host)."""
    session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
    sid = session.cookies.get("session_id")
    session.cookies.clear()
    session.headers.update({"Host": host, "Cookie": f"session_id={sid}"})
    return session


def measure_interleaved(server, sessions, paths, runs, warmup=2):
    """{(site, path): (median seconds, median queries)}, every site's page
    requested in turn within each run."""
    timings = {(site, path): [] for site in sessions for path in paths}
    queries = {key: [] for key in timings}
    for i in range(runs + warmup):
        for site, session in sessions.items():
            for path in paths:
                position = server.log_position()
                res = session.get(f"{server.url}{path}", allow_redirects=False, timeout=300)
                if res.status_code != 200:
                    raise RuntimeError(f"{site} {path}: HTTP {res.status_code} {res.headers.get('Location', '')}")
                base = path.split("?")[0]
                lines = [line for line in server.requests_since(position) if line["path"].split("?")[0] == base]
                if i < warmup or not lines:
                    continue
                timings[(site, path)].append(float(lines[-1]["sql"]) + float(lines[-1]["other"]))
                queries[(site, path)].append(int(lines[-1]["queries"]))
    return {
        key: (statistics.median(timings[key]), int(statistics.median(queries[key]))) for key in timings if timings[key]
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
    hosts = {
        "single": f"127.0.0.1:{server.port}",
        "A": f"bench-a.localhost:{server.port}",
        "B": f"bench-b.localhost:{server.port}",
    }
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not env["res.users"].search_count([("login", "=", bpc.BENCH_LOGIN)]):
            build(env)
        websites = env["website"].search([], order="id")
        single = websites.filtered(lambda w: not w.dealer_division_id)[:1] or env["website"].create(
            {"name": "Bench main", "company_id": websites[:1].company_id.id}
        )
        for website in websites | single:
            key = {"BENCHA": "A", "BENCHB": "B"}.get(website.dealer_division_id.code)
            website.domain = f"http://{hosts[key]}" if key else False
        single.domain = f"http://{hosts['single']}"
        dealer = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)]).partner_id.commercial_partner_id
        divisions = env["dealer.division"].search([("code", "in", ("BENCHA", "BENCHB"))], order="code")
        counts = {
            "single": env["product.product"].search_count(dealer._get_dealer_product_domain("product.product")),
            "A": env["product.product"].search_count(
                dealer._get_dealer_product_domain("product.product", divisions[0])
            ),
            "B": env["product.product"].search_count(
                dealer._get_dealer_product_domain("product.product", divisions[1])
            ),
        }
        cr.commit()
    print(
        f"Division portals vs the single-division catalog: {N_DEALERS} dealers, {PER_DIVISION:,} products "
        f"per division, 24 products per page, median of {args.runs} runs (server time, from Odoo's request log)"
    )
    paths = ("/my/catalog", "/my/catalog?search=part+0042")
    with server:
        sessions = {site: session_on(server, host) for site, host in hosts.items()}
        results = measure_interleaved(server, sessions, paths, args.runs)

    labels = {
        "single": "single division: the website of no division (own tier)",
        "A": "division A (own tier), on its own domain",
        "B": "division B (terms row), on its own domain",
    }
    titles = {paths[0]: "dealer catalog /my/catalog", paths[1]: "dealer catalog, search by name"}
    ok = True
    for site in ("single", "A", "B"):
        print(f"\n{labels[site]} ({counts[site]:,} products in the catalog)")
        for path in paths:
            seconds, queries = results[(site, path)]
            extra = ""
            if site != "single":
                base_seconds, base_queries = results[("single", path)]
                time_ratio, query_ratio = seconds / base_seconds, queries / base_queries
                ok = ok and time_ratio <= 1 + TOLERANCE and query_ratio <= 1 + TOLERANCE
                extra = f"time x{time_ratio:.2f}, queries x{query_ratio:.2f} (+{queries - base_queries})"
            bpc.row(titles[path], seconds, queries, extra)
    print(f"\nWithin {TOLERANCE:.0%} of the single-division catalog (time and queries): {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
