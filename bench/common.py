"""Small helpers shared by the bench/bench_*.py scripts.

Each script builds its own database (fresh, or copied from ``--template``),
installs the addons it measures, generates its data and prints timings and
SQL query counts next to the same operation done the native Odoo way.

    python bench/bench_x.py -c odoo.conf [--db NAME] [--template NAME] [--reuse]
"""

import argparse
import contextlib
import os
import statistics
import sys
import time

# Mail tracking is not what the benches measure: it would add its own queries.
QUIET_CONTEXT = {"tracking_disable": True, "mail_notrack": True}


def import_odoo():
    """Import odoo, from ODOO_SRC when it is not installed in the venv."""
    try:
        import odoo
    except ImportError:
        src = os.environ.get("ODOO_SRC")
        if not src:
            sys.exit("odoo is not importable: set ODOO_SRC to the Odoo 18.0 source folder.")
        sys.path.insert(0, src)
    import odoo

    return odoo


def parse_args(default_db, description="", extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", default=default_db, help="bench database, dropped and rebuilt (default %(default)s)")
    parser.add_argument("--template", help="copy this database first instead of creating one from scratch")
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database if it already exists")
    if extra:
        extra(parser)
    return parser.parse_args()


def prepare_database(args, modules):
    """Create ``args.db`` (from scratch or from ``args.template``), install
    ``modules`` without demo data, and return the registry."""
    odoo = import_odoo()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    from odoo.service import db as db_service
    from odoo.sql_db import db_connect

    exists = db_service.exp_db_exist(args.db)
    if exists and args.reuse:
        return odoo.modules.registry.Registry(args.db)
    with contextlib.closing(db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        if args.template:
            cr.execute(f'CREATE DATABASE "{args.db}" TEMPLATE "{args.template}"')
    if not args.template:
        db_service._create_empty_database(args.db)
        odoo.tools.config["without_demo"] = "all"
    odoo.tools.config["init"] = dict.fromkeys(modules, 1)
    return odoo.modules.registry.Registry.new(args.db, update_module=True)


def prepare_database_timed(args, modules):
    """``prepare_database``, then print how long it took; return ``(odoo,
    registry)``."""
    started = time.perf_counter()
    registry = prepare_database(args, modules)
    odoo = import_odoo()
    print(f"database {args.db} ready in {time.perf_counter() - started:.0f}s")
    return odoo, registry


def measure(env, func, repeat=15):
    """Run ``func()`` ``repeat`` times on cold ORM caches; return
    ``(median seconds, SQL queries of one run, last result)``."""
    timings, queries, result = [], [], None
    for _i in range(repeat):
        env.flush_all()
        env.invalidate_all()
        start_count = env.cr.sql_log_count
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - start_count)
    return statistics.median(timings), max(set(queries), key=queries.count), result


def measure_interleaved(env, funcs, repeat=25):
    """Like ``measure`` for several functions, run in turn within each
    repetition so that load from other processes hits them alike. ``funcs``
    maps a key to a function; returns key -> (median s, queries, result)."""
    timings = {key: [] for key in funcs}
    queries = {key: [] for key in funcs}
    results = {}
    for _i in range(repeat):
        for key, func in funcs.items():
            env.flush_all()
            env.invalidate_all()
            start_count = env.cr.sql_log_count
            start = time.perf_counter()
            results[key] = func()
            timings[key].append(time.perf_counter() - start)
            queries[key].append(env.cr.sql_log_count - start_count)
    return {
        key: (statistics.median(timings[key]), max(set(queries[key]), key=queries[key].count), results[key])
        for key in funcs
    }


def report_line(label, seconds, queries):
    print(f"  {label:<52} {seconds * 1000:8.2f} ms  {queries:4d} queries")
