"""The dealer API: catalog pages and order submission, JSON and UBL.

Builds a database with 2,000 products and 50 dealers, starts a real Odoo
server and, with an API key of a dealer's order desk user, reads catalog
pages and submits orders of N lines through ``/dealer/api/v1/orders`` (JSON)
and ``/dealer/api/v1/orders/ubl`` (a UBL order file, decoded with Odoo's
UBL order decoder). Prints the median server time and SQL query count for
10, 50 and 100 lines, next to the portal's own quick order paste and
submission of the same lines.

    python bench/bench_integration_api.py -c odoo.conf [--db NAME] [--template DB] [--runs 7]

Targets: the query count of a catalog page does not grow with its size; a
submission's query count does not grow with its line count faster than the
portal's own (the same pipeline), and the API adds no more than the portal.
"""

import importlib.util
import json
import os
import re
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common

N_DEALERS = 50
N_PRODUCTS = 2000
LINE_COUNTS = (10, 50, 100)
MODULES = [*bpc.MODULES, "dealer_order_intake", "dealer_integration"]


def main():
    args = common.parse_args(
        "dealer_bench_integration_api",
        __doc__.splitlines()[0],
        extra=lambda p: p.add_argument("--runs", type=int, default=7),
    )
    registry = common.prepare_database(args, MODULES)
    odoo = common.import_odoo()
    ubl_order = _ubl_builder()

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        dealers, codes = bpc.generate_orderable(env, N_DEALERS, N_PRODUCTS, 1000)
        env["ir.config_parameter"].set_param("portal.allow_api_keys", True)
        env["ir.config_parameter"].set_param("dealer_integration.api_rate_limit", 100000)
        dealers[0].dealer_api_enabled = True
        user = env["res.users"].search([("login", "=", bpc.BENCH_LOGIN)])
        key = env["res.users.apikeys"].with_user(user).sudo()._generate(None, "bench", None)
        dealer_name = dealers[0].name
        currency = env.company.currency_id.name
        cr.commit()
    print(
        f"Dealer API: {N_PRODUCTS:,} products, {N_DEALERS} dealers, median of {args.runs} runs "
        "(server time and queries, from Odoo's request log)"
    )
    with bpc.OdooServer(args.config, args.db) as server:
        api = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
        # The key alone authenticates; the session cookie is ignored by the API.
        api.headers["Authorization"] = f"Bearer {key}"
        print("\nCatalog pages")
        for limit in (10, 50, 100):
            seconds, queries = server.measure(api, "GET", f"/dealer/api/v1/catalog?limit={limit}", runs=args.runs)
            bpc.row(f"GET /catalog?limit={limit}", seconds, queries)
        counter = {"n": 0}
        for n_lines in LINE_COUNTS:

            def lines(n_lines=n_lines):
                counter["n"] += 1
                start = (counter["n"] * 37) % (len(codes) - n_lines)
                return codes[start : start + n_lines]

            def submit_json(n_lines=n_lines):
                body = {"po_reference": "BENCH", "lines": [{"sku": c, "qty": 2} for c in lines()]}
                return {
                    "data": json.dumps(body),
                    "headers": {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex},
                }

            def submit_ubl(n_lines=n_lines):
                content = ubl_order(
                    [{"sku": c, "qty": 2, "unit": "C62"} for c in lines()],
                    po=f"BENCH-{uuid.uuid4().hex[:12]}",
                    buyer_name=dealer_name,
                    currency=currency,
                )
                return {"data": content, "headers": {"Content-Type": "application/xml"}}

            def paste(n_lines=n_lines):
                text = "\n".join(f"{c} 2" for c in lines())
                html = api.get(f"{server.url}/my/quick-order", timeout=60).text
                return {"data": {"csrf_token": bpc.csrf_token(html), "lines": text}}

            def submit_cart():
                api.post(f"{server.url}/my/quick-order/add", data=paste()["data"], timeout=120)
                html = api.get(f"{server.url}/shop/cart", timeout=60).text
                key_ = re.search(r'name="submission_key" value="([0-9a-f]{32})"', html).group(1)
                return {"data": {"csrf_token": bpc.csrf_token(html), "submission_key": key_, "po_ref": "BENCH"}}

            json_t, json_q = server.measure(api, "POST", "/dealer/api/v1/orders", runs=args.runs, prepare=submit_json)
            ubl_t, ubl_q = server.measure(api, "POST", "/dealer/api/v1/orders/ubl", runs=args.runs, prepare=submit_ubl)
            paste_t, paste_q = server.measure(api, "POST", "/my/quick-order/add", runs=args.runs, prepare=paste)
            api.get(f"{server.url}/shop/cart", timeout=60)
            cart_t, cart_q = server.measure(api, "POST", "/shop/dealer/submit", runs=args.runs, prepare=submit_cart)
            print(f"\n{n_lines} lines")
            bpc.row("API: POST /orders (JSON, pipeline, confirmation)", json_t, json_q)
            bpc.row("API: POST /orders/ubl (decode, pipeline, conf.)", ubl_t, ubl_q)
            bpc.row("portal: quick order paste + submit", paste_t + cart_t, paste_q + cart_q)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        groups = env["sale.order"].read_group(
            [("dealer_submitted_at", "!=", False)], ["dealer_channel"], ["dealer_channel"]
        )
        print(
            "\nSubmitted orders by channel: "
            + ", ".join(f"{g['dealer_channel']}={g['dealer_channel_count']}" for g in groups)
        )


def _ubl_builder():
    """The tests' UBL order builder, loaded from its file: importing the
    tests package would load Odoo's test framework outside a test run."""
    path = os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        "addons",
        "dealer_order_intake",
        "tests",
        "ubl_common.py",
    )
    spec = importlib.util.spec_from_file_location("dealer_bench_ubl_common", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ubl_order


if __name__ == "__main__":
    main()
