"""The load test's bench database (``make loadtest``), built once and reused.

The portal benches' data (bench_portal_common: 5 tiers, 500 dealers, a
catalog of bench parts with tier prices and a scheme), plus what 100
concurrent dealers need: a portal user with the order-desk role for each of
the 500 dealers, stock for every part, credit limits (a third of the dealers,
so some submissions go over and are routed to an approval or blocked), and a
carrier account with shipments in transit for the carrier-event burst.

    python bench/loadtest/build.py -c odoo.conf [--db NAME] [--products N] [--reuse]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_portal_common as bpc
import common

N_DEALERS = 500
USER_PREFIX = "loadtest_dealer_"
PASSWORD = "loadtest"
CARRIER_CODE = "loadtest"
CARRIER_SECRET = "loadtest-carrier-secret"
N_SHIPMENTS = 50
CREDIT_LIMIT = 4000.0
MARKER_PARAM = "dealer_loadtest.products"


def login(i):
    return f"{USER_PREFIX}{i:03d}"


def build(env, n_products):
    _root, leaves, tiers, dealers = bpc.generate_base(env, N_DEALERS)
    products = bpc.generate_products(env, 0, n_products, leaves)
    bpc.add_pricing(env, tiers[0], products)
    company = env.company
    location = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).lot_stock_id
    env["stock.quant"].create([{"product_id": p.id, "location_id": location.id, "quantity": 1e7} for p in products])
    # Only the credit check routes or blocks: the demo-less database's
    # approval rules would send every first order to a manager.
    env["dealer.approval.rule"].search([]).action_archive()
    # Two tiers send an order over the limit to an approval, three block it.
    tiers[:2].write({"dealer_credit_policy": "approval"})
    for dealer in dealers[::3]:
        dealer.with_company(company).credit_limit = CREDIT_LIMIT
    contacts = env["res.partner"].create(
        [
            {"name": f"Load test clerk {i:03d}", "parent_id": dealer.id, "email": f"{login(i)}@bench.example.com"}
            for i, dealer in enumerate(dealers)
        ]
    )
    groups = [env.ref("base.group_portal").id, env.ref("dealer_portal.dealer_portal_group_order_desk").id]
    env["res.users"].with_context(no_reset_password=True, tracking_disable=True).create(
        [
            {
                "login": login(i),
                "name": contact.name,
                "partner_id": contact.id,
                "groups_id": [(6, 0, groups)],
            }
            for i, contact in enumerate(contacts)
        ]
    )
    set_passwords(env)
    build_shipments(env, dealers[:N_SHIPMENTS], products)
    env["ir.config_parameter"].set_param(MARKER_PARAM, n_products)


def set_passwords(env):
    """One password for every load-test user, hashed once with Odoo's own
    settings (600,000 PBKDF2 rounds) instead of 500 times: the build stays
    short, and a login costs what it costs in production. (A hash with fewer
    rounds would be rehashed at the first login, which also clears every
    worker's caches.)"""
    users = env["res.users"].search([("login", "=like", USER_PREFIX + "%")])
    env.flush_all()
    hashed = env["res.users"]._crypt_context().hash(PASSWORD)
    env.cr.execute("UPDATE res_users SET password = %s WHERE id = ANY(%s)", (hashed, users.ids))
    env.invalidate_all()


def build_shipments(env, dealers, products):
    """One confirmed order per dealer, submitted through the pipeline, its
    delivery order assigned to the load test's carrier account: the targets
    of the carrier-event burst."""
    account = env["dealer.carrier.account"].create({"name": "Load test carrier", "code": CARRIER_CODE})
    account.secret = CARRIER_SECRET
    orders = env["sale.order"]
    for i, dealer in enumerate(dealers):
        order = env["sale.order"].create(
            {
                "partner_id": dealer.id,
                "order_line": [
                    (0, 0, {"product_id": p.id, "product_uom_qty": 1}) for p in products[i * 3 + 1 : i * 3 + 4]
                ],
            }
        )
        order.action_dealer_submit(channel="backoffice")
        orders |= order
    orders.filtered(lambda o: o.state == "sale" and not o.picking_ids)._dealer_run_fulfilment()
    orders.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing").write(
        {"dealer_carrier_account_id": account.id}
    )


def built_size(config, db):
    """The catalog size the database ``db`` was built with, or None (no
    database, or a build that did not finish)."""
    import configparser

    import psycopg2

    parser = configparser.ConfigParser()
    parser.read(config)
    options = parser["options"]
    try:
        conn = psycopg2.connect(host=options["db_host"], port=options["db_port"], user=options["db_user"], dbname=db)
    except psycopg2.OperationalError:
        return None
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (MARKER_PARAM,))
            row = cr.fetchone()
    except psycopg2.Error:
        row = None
    finally:
        conn.close()
    return row[0] if row else None


def main():
    args = common.parse_args(
        "dealer_loadtest_base",
        __doc__.splitlines()[0],
        extra=lambda p: p.add_argument("--products", type=int, default=2000),
    )
    if args.reuse and built_size(args.config, args.db) == str(args.products):
        print(f"Reusing {args.db}: {N_DEALERS} dealers, {args.products:,} products")
        return
    # Another catalog size, or a build that did not finish: from scratch.
    args.reuse = False
    odoo = common.import_odoo()
    registry = common.prepare_database(args, bpc.MODULES)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        build(env, args.products)
    print(f"Built {args.db}: {N_DEALERS} dealers with a portal user each, {args.products:,} products")


if __name__ == "__main__":
    main()
