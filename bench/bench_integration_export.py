"""File export for legacy ERPs: what one export run costs as the batch grows.

Builds a dealer, a tier and 10 products, confirms orders of 10 lines through
the dealer pipeline, then exports batches of 10, 50 and 200 orders (CSV and
one UBL Order per order, atomically written into a temporary folder, with the
manifest) and prints the time and the SQL queries of each run, and the time
per order. The queries are meant to stay flat: a run reads its orders, lines,
products, partners and taxes in a fixed number of queries and marks the
orders exported in one write.

    python bench/bench_integration_export.py -c odoo.conf [--db NAME] [--template DB]
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_integration_outbox as outbox
import common

MODULES = ["dealer_integration"]
SIZES = (10, 50, 200)
REPEAT = 3


def main():
    args = common.parse_args("dealer_bench_export", __doc__.splitlines()[0])
    registry = common.prepare_database(args, MODULES)
    odoo = common.import_odoo()
    folder = tempfile.mkdtemp(prefix="dealer-bench-export-")
    try:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            dealer, products = outbox.generate(env)
            orders = outbox.make_orders(env, dealer, products, max(SIZES))
            for order in orders:
                order.action_dealer_submit(channel="backoffice")
            orders = orders.filtered(lambda o: o.state == "sale")
            assert len(orders) == max(SIZES), len(orders)
            env["sale.order"].search([("dealer_exported_at", "=", False), ("id", "not in", orders.ids)]).write(
                {"dealer_exported_at": odoo.fields.Datetime.now()}
            )
            export = env["dealer.integration.export"].create(
                {"name": "Bench", "folder": folder, "company_id": env.company.id}
            )
            print(f"Export run, CSV + UBL, {len(products)} lines per order:")
            for size in SIZES:
                batch = orders[:size]

                def run(batch=batch):
                    orders.write({"dealer_exported_at": odoo.fields.Datetime.now()})
                    batch.write({"dealer_exported_at": False})
                    env.flush_all()
                    env.invalidate_all()
                    start, clock = env.cr.sql_log_count, time.perf_counter()
                    exported = export._dealer_export()[0]
                    env.flush_all()
                    return exported, env.cr.sql_log_count - start, time.perf_counter() - clock

                timings = []
                for _i in range(REPEAT):
                    exported, queries, seconds = run()
                    timings.append(seconds)
                assert len(exported) == size
                seconds = statistics.median(timings)
                common.report_line(f"{size} orders", seconds, queries)
                print(f"  {'':<52} {seconds * 1000 / size:8.2f} ms per order")
            cr.rollback()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
