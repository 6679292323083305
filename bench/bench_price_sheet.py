"""Price sheet import and reconciliation by the pricing audit.

Generates 10,000 products, 4 tiers and 40 dealers (half with an agreement),
then imports price sheets of 2,000 and of 20,000 rows (the import's cap)
on the same 2,000 products (tier rows and dealer rows, a tenth of the
prices off) through the import wizard, and prints for each the time and
SQL query count of the import and of the audit's reconciliation
(``_audit_check_price_sheets``). Queries grow with tiers, dealers and
dates in the sheet, and with the ORM's batches of 1,000 products priced,
never with rows.

    python bench/bench_price_sheet.py -c odoo.conf [--db NAME] [--template DB]

Targets: reconciliation query count not above 2,000 rows' at 20,000 rows;
20,000 rows imported and reconciled in under 60 s each.
"""

import base64
import os
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

N_PRODUCTS = 10000
N_TIERS = 4
N_DEALERS = 40


def generate(env):
    """Products, tiers with a 10 %-per-tier discount list, dealers."""
    Command = common.import_odoo().Command
    category = env["product.category"].create({"name": "Sheet bench"})
    products = env["product.product"].create(
        [
            {
                "name": f"Sheet part {i:05d}",
                "default_code": f"SB-{i:05d}",
                "list_price": 10.0 + i % 90,
                "categ_id": category.id,
                "type": "consu",
                "sale_ok": True,
            }
            for i in range(N_PRODUCTS)
        ]
    )
    tiers = env["dealer.tier"]
    for t in range(N_TIERS):
        pricelist = env["product.pricelist"].create(
            {
                "name": f"Sheet bench tier {t}",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "formula",
                            "base": "list_price",
                            "price_discount": 10.0 * (t + 1),
                        }
                    )
                ],
            }
        )
        tiers |= env["dealer.tier"].create(
            {
                "name": f"Sheet tier {t}",
                "code": f"SHEET{t}",
                "pricelist_id": pricelist.id,
                "categ_ids": [Command.set(category.ids)],
            }
        )
    dealers = env["res.partner"].create(
        [
            {
                "name": f"Sheet dealer {d:03d}",
                "ref": f"SD-{d:03d}",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": tiers[d % N_TIERS].id,
            }
            for d in range(N_DEALERS)
        ]
    )
    for dealer in dealers[::2]:
        env["dealer.price.agreement"].create(
            {
                "name": f"Agreement {dealer.ref}",
                "partner_id": dealer.id,
                "date_start": date(2000, 1, 1),
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": product.id,
                            "compute_price": "fixed",
                            "fixed_price": 5.0,
                        }
                    )
                    for product in products[:20]
                ],
            }
        )
    return products, tiers, dealers


def sheet_csv(products, tiers, dealers, rows):
    """``rows`` sheet rows: three tier rows for every dealer row; a tenth of
    the prices are off by one."""
    lines = ["Tier or dealer;SKU;Price;Valid from;Valid to"]
    discount = {tier.id: 10.0 * (index + 1) for index, tier in enumerate(tiers)}
    for i in range(rows):
        product = products[i % len(products)]
        if i % 4 == 3:
            dealer = dealers[i % len(dealers)]
            who, tier = dealer.ref, dealer.dealer_tier_id
        else:
            tier = tiers[i % len(tiers)]
            who = tier.code
        price = round(product.list_price * (1 - discount[tier.id] / 100), 2) + (1.0 if i % 10 == 0 else 0.0)
        lines.append(f"{who};{product.default_code};{price:.2f};;")
    return ("\n".join(lines) + "\n").encode()


def main():
    args = common.parse_args("dc_bench_price_sheet", __doc__)
    odoo, registry = common.prepare_database_timed(args, ["dealer_pricing"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, common.QUIET_CONTEXT)
        if env["dealer.tier"].search_count([("code", "=like", "SHEET%")]):
            sys.exit(f"{args.db} already holds bench data: run without --reuse to rebuild it.")
        t0 = time.perf_counter()
        products, tiers, dealers = generate(env)
        env.flush_all()
        cr.execute("ANALYZE")
        print(
            f"generated {len(products):,} products, {len(tiers)} tiers, {len(dealers)} dealers "
            f"in {time.perf_counter() - t0:.0f}s"
        )
        # Imported and audited as an internal user (record rules apply), not as superuser.
        user_env = env(user=env.ref("base.user_admin").id, su=False)
        results = {}
        for rows in (2000, 20000):
            # The same 2,000 products at both sizes: 20,000 rows list each ten
            # times, so only the number of rows changes.
            content = sheet_csv(products[:2000], tiers, dealers, rows)
            wizard = user_env["dealer.price.sheet.import"].create(
                {"file_data": base64.b64encode(content), "file_name": f"bench-{rows}.csv"}
            )
            t0, count0 = time.perf_counter(), cr.sql_log_count
            wizard.action_read_columns()
            sheet = user_env["dealer.price.sheet"].browse(wizard.action_import()["res_id"])
            user_env.flush_all()
            imported, import_queries = time.perf_counter() - t0, cr.sql_log_count - count0
            audit = user_env["dealer.pricing.audit"].create(
                {"name": f"Bench {rows}", "sheet_ids": [odoo.Command.set(sheet.ids)]}
            )
            data = audit._audit_prepare_data()
            seconds, queries, findings = common.measure(
                user_env, lambda a=audit, d=data: a._audit_check_price_sheets(d), repeat=1
            )
            results[rows] = (imported, seconds, queries, len(findings))
            print(f"\n{rows:,} rows ({len(content) / 1024:.0f} KB), {len(findings):,} findings")
            common.report_line("import (read, map, parse, match, create)", imported, import_queries)
            common.report_line("reconciliation (_audit_check_price_sheets)", seconds, queries)
        small, large = results[2000], results[20000]
        # Cold ORM caches are warmer for the second sheet: fewer queries is fine.
        constant = large[2] <= small[2]
        fast = large[0] < 60 and large[1] < 60
        print(f"\nTARGET constant query count: {'PASS' if constant else 'FAIL'} ({small[2]} -> {large[2]})")
        print(f"TARGET 20,000 rows under 60 s each: {'PASS' if fast else 'FAIL'} ({large[0]:.1f} s, {large[1]:.1f} s)")
        cr.rollback()
    return 0 if constant and fast else 1


if __name__ == "__main__":
    sys.exit(main())
