"""Dealer catalog and pricing against native Odoo pricing.

Generates 10,000 products, 500 dealers in 5 tiers with an agreement each and
tier schemes, then prints for one dealer the time and SQL query count to
compute its visible-product domain and the prices of a 24-product page, the
same for native pricelist pricing of the same products for a plain partner
on that price list, the ratio, and the query counts at 1,000 and 10,000
products (they must not grow).

    python bench/bench_pricing.py -c odoo.conf [--db NAME] [--template DB]

Targets: ratio <= 1.5; query count constant between 1,000 and 10,000.
"""

import os
import random
import sys
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

PAGE = 24
N_DEALERS = 500
N_TIERS = 5
AGREEMENT_ITEMS = 20
SCHEME_ITEMS = 50
REPEAT = 30


def generate_catalog(env, count):
    """Categories, ``count`` products (ORM, batched), 5 tier price lists."""
    Category = env["product.category"]
    root = Category.create({"name": "Bench"})
    children = Category.create([{"name": f"Family {i}", "parent_id": root.id} for i in range(20)])
    leaves = Category.create(
        [{"name": f"Line {i}.{j}", "parent_id": child.id} for i, child in enumerate(children) for j in range(2)]
    )
    has_published = "is_published" in env["product.template"]._fields
    vals = []
    for i in range(count):
        row = {
            "name": f"Bench part {i:05d}",
            "default_code": f"BP-{i:05d}",
            "list_price": 10.0 + (i * 7) % 490,
            "categ_id": leaves[i % len(leaves)].id,
            "type": "consu",
            "sale_ok": True,
        }
        if has_published:
            row["is_published"] = True
        vals.append(row)
    products = env["product.product"]
    for start in range(0, count, 500):
        products |= env["product.product"].create(vals[start : start + 500])
    return root, children, leaves, products


def generate_dealers(env, children, products):
    rnd = random.Random(42)
    templates = products.product_tmpl_id
    Pricelist = env["product.pricelist"]
    tiers = env["dealer.tier"]
    for k in range(N_TIERS):
        items = [
            {
                "applied_on": "3_global",
                "compute_price": "formula",
                "base": "list_price",
                "price_discount": 5.0 * (k + 1),
            }
        ]
        items += [
            {
                "applied_on": "2_product_category",
                "categ_id": categ.id,
                "compute_price": "percentage",
                "percent_price": 2.0 + k,
            }
            for categ in rnd.sample(list(children), 10)
        ]
        items += [
            {"applied_on": "1_product", "product_tmpl_id": tmpl.id, "compute_price": "fixed", "fixed_price": 5.0 + k}
            for tmpl in rnd.sample(list(templates), 200)
        ]
        pricelist = Pricelist.create({"name": f"Bench tier {k}", "item_ids": [(0, 0, v) for v in items]})
        tiers |= env["dealer.tier"].create(
            {
                "name": f"Bench tier {k}",
                "code": f"BENCH{k}",
                "pricelist_id": pricelist.id,
                "categ_ids": [(6, 0, rnd.sample(children.ids, 12))],
                "include_product_tmpl_ids": [(6, 0, rnd.sample(templates.ids, 50))],
            }
        )
        # Excludes picked from outside the includes (a tier may not do both).
        tiers[-1].exclude_product_tmpl_ids = [
            (6, 0, rnd.sample(list(set(templates.ids) - set(tiers[-1].include_product_tmpl_ids.ids)), 50))
        ]
    dealers = env["res.partner"].create(
        [
            {
                "name": f"Bench dealer {i:03d}",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": tiers[i % N_TIERS].id,
            }
            for i in range(N_DEALERS)
        ]
    )
    env["dealer.price.agreement"].create(
        [
            {
                "name": f"Agreement {dealer.name}",
                "partner_id": dealer.id,
                "date_start": date.today() - timedelta(days=30),
                "date_end": date.today() + timedelta(days=300),
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": tmpl_id,
                            "compute_price": "fixed",
                            "fixed_price": 1.0 + n,
                        },
                    )
                    for n, tmpl_id in enumerate(rnd.sample(templates.ids, AGREEMENT_ITEMS))
                ],
            }
            for dealer in dealers
        ]
    )
    env["dealer.scheme"].create(
        [
            {
                "name": f"Scheme {tier.code} {s}",
                "tier_ids": [(6, 0, tier.ids)],
                "date_start": date.today() - timedelta(days=3),
                "date_end": date.today() + timedelta(days=10 + s),
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": tmpl_id,
                            "compute_price": "percentage",
                            "percent_price": 10.0,
                        },
                    )
                    for tmpl_id in rnd.sample(templates.ids, SCHEME_ITEMS)
                ],
            }
            for tier in tiers
            for s in range(2)
        ]
    )
    return tiers, dealers


def grow_catalog(env, base_products, target):
    """Copy the generated products with SQL until the catalog holds
    ``target`` bench products: the ORM would take minutes for no benefit."""
    cr = env.cr
    env.flush_all()

    def columns(table):
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id' "
            "ORDER BY ordinal_position",
            (table,),
        )
        return [row[0] for row in cr.fetchall()]

    tmpl_cols = columns("product_template")
    prod_cols = columns("product_product")
    base_tmpl_ids = sorted(base_products.product_tmpl_id.ids)
    rounds = target // len(base_tmpl_ids) - 1
    for k in range(1, rounds + 1):
        tmpl_exprs = [
            f"jsonb_build_object('en_US', (name->>'en_US') || ' / {k}')" if col == "name" else f'"{col}"'
            for col in tmpl_cols
        ]
        cr.execute(
            f'INSERT INTO product_template ({", ".join(map(repr_col, tmpl_cols))}) '
            f'SELECT {", ".join(tmpl_exprs)} FROM product_template WHERE id = ANY(%s) ORDER BY id RETURNING id',
            (base_tmpl_ids,),
        )
        new_ids = [row[0] for row in cr.fetchall()]
        prod_exprs = [
            "m.new_id"
            if col == "product_tmpl_id"
            else f"pp.default_code || '-{k}'"
            if col == "default_code"
            else f'pp."{col}"'
            for col in prod_cols
        ]
        cr.execute(
            f'INSERT INTO product_product ({", ".join(map(repr_col, prod_cols))}) '
            f'SELECT {", ".join(prod_exprs)} FROM product_product pp '
            "JOIN (SELECT unnest(%s::int[]) AS old_id, unnest(%s::int[]) AS new_id) m ON m.old_id = pp.product_tmpl_id",
            (base_tmpl_ids, new_ids),
        )
    cr.execute("ANALYZE product_template; ANALYZE product_product; ANALYZE product_pricelist_item")
    env.invalidate_all()


def repr_col(col):
    return f'"{col}"'


def run_measures(env, dealer, pricelist, label):
    Product = env["product.product"]
    dealer_env = env(context=dict(env.context, dealer_partner_id=dealer.id))
    # The dealer_partner_id key is honoured for elevated server code only (as
    # the order line prices): the dealer's prices are computed under sudo.
    pricing_env = dealer_env(su=True)
    native_env = env(context={k: v for k, v in env.context.items() if k != "dealer_partner_id"})

    def dealer_domain_search():
        domain = dealer_env["res.partner"].browse(dealer.id)._get_dealer_product_domain()
        return dealer_env["product.product"].search(domain, limit=PAGE, order="id")

    page = dealer_domain_search()

    def dealer_prices():
        return (
            pricing_env["product.pricelist"]
            .browse(pricelist.id)
            ._get_products_price(pricing_env["product.product"].browse(page.ids), 1.0)
        )

    def dealer_total():
        products = dealer_domain_search()
        return pricing_env["product.pricelist"].browse(pricelist.id)._get_products_price(products.sudo(), 1.0)

    def native_search():
        return native_env["product.product"].search([("sale_ok", "=", True)], limit=PAGE, order="id")

    def native_prices():
        return (
            native_env["product.pricelist"]
            .browse(pricelist.id)
            ._get_products_price(native_env["product.product"].browse(page.ids), 1.0)
        )

    def native_total():
        native_search()
        return native_prices()

    # One warm-up round: the first call fills the server-wide caches (access
    # rules, fields), which a running server has filled long ago.
    funcs = {
        "dealer_domain_search": dealer_domain_search,
        "dealer_prices": dealer_prices,
        "dealer_total": dealer_total,
        "native_search": native_search,
        "native_prices": native_prices,
        "native_total": native_total,
    }
    common.measure_interleaved(env, funcs, repeat=1)
    results = common.measure_interleaved(env, funcs, repeat=REPEAT)
    n_products = Product.search_count([("default_code", "=like", "BP-%")])
    print(
        f"\n[{label}] {n_products} bench products; dealer {dealer.name} ({dealer.dealer_tier_id.name}), "
        f"catalog {Product.search_count(dealer._get_dealer_product_domain())} products, page of {len(page)}"
    )
    common.report_line("dealer: visible-product domain + search (24)", *results["dealer_domain_search"][:2])
    common.report_line("dealer: prices of the page (agreement, scheme, tier)", *results["dealer_prices"][:2])
    common.report_line("dealer: total", *results["dealer_total"][:2])
    common.report_line("native: catalog search (24, sale_ok)", *results["native_search"][:2])
    common.report_line("native: pricelist prices of the same 24", *results["native_prices"][:2])
    common.report_line("native: total", *results["native_total"][:2])
    ratio = results["dealer_total"][0] / results["native_total"][0]
    price_ratio = results["dealer_prices"][0] / results["native_prices"][0]
    print(f"  ratio dealer/native, total: {ratio:.2f}   prices only: {price_ratio:.2f}")
    dealer_prices_result = results["dealer_prices"][2]
    native_prices_result = results["native_prices"][2]
    differing = sum(1 for pid in page.ids if abs(dealer_prices_result[pid] - native_prices_result[pid]) > 1e-6)
    print(f"  {differing} of {len(page)} page prices differ from the plain price list (agreements and schemes)")
    return results, ratio


def main():
    args = common.parse_args("dc_bench_pricing", __doc__)
    odoo, registry = common.prepare_database_timed(args, ["dealer_pricing"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, common.QUIET_CONTEXT)
        if env["dealer.tier"].search_count([("code", "=like", "BENCH%")]):
            sys.exit(f"{args.db} already holds bench data: run without --reuse to rebuild it.")
        t0 = time.perf_counter()
        _root, children, _leaves, products = generate_catalog(env, 1000)
        tiers, dealers = generate_dealers(env, children, products)
        env.flush_all()
        cr.execute("ANALYZE")
        print(
            f"generated 1,000 products, {len(tiers)} tiers, {len(dealers)} dealers with agreements, "
            f"{2 * len(tiers)} schemes in {time.perf_counter() - t0:.0f}s"
        )
        # Measured as an internal user (record rules apply), not as superuser.
        user_env = env(user=env.ref("base.user_admin").id, su=False)
        dealer = dealers[0]
        pricelist = dealer.dealer_tier_id.pricelist_id
        small, _ratio_small = run_measures(user_env, dealer, pricelist, "1,000 products")
        t0 = time.perf_counter()
        grow_catalog(env, products, 10000)
        print(f"\ngrew the catalog to 10,000 products in {time.perf_counter() - t0:.0f}s")
        large, ratio = run_measures(user_env, dealer, pricelist, "10,000 products")
        print("\nquery count, 1,000 -> 10,000 products:")
        for key in ("dealer_domain_search", "dealer_prices", "dealer_total", "native_total"):
            print(f"  {key:<22} {small[key][1]:4d} -> {large[key][1]:4d}")
        constant = small["dealer_total"][1] == large["dealer_total"][1]
        print(f"\nTARGET ratio <= 1.5: {'PASS' if ratio <= 1.5 else 'FAIL'} ({ratio:.2f})")
        print(
            f"TARGET constant query count: {'PASS' if constant else 'FAIL'} "
            f"({small['dealer_total'][1]} -> {large['dealer_total'][1]})"
        )
    return 0 if ratio <= 1.5 and constant else 1


if __name__ == "__main__":
    sys.exit(main())
