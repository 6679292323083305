"""Helpers of the dealer portal benches: data generation and a real Odoo
HTTP server whose access log gives each request's server time and SQL
query count.

Server time and query count come from Odoo's own request log line
(``"GET /shop HTTP/1.1" 200 - <queries> <sql time> <other time>``), so they
measure the server only, without network or browser.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common

MODULES = ["dealer_pricing", "dealer_credit", "dealer_delivery", "dealer_portal"]
BENCH_LOGIN = "bench_dealer"
LOG_LINE = re.compile(
    r'"(?P<method>GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) - (?P<queries>\d+) '
    r"(?P<sql>[\d.]+) (?P<other>[\d.]+)"
)


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------
def generate_products(env, start, count, leaves):
    vals = [
        {
            "name": f"Bench part {i:05d}",
            "default_code": f"BP-{i:05d}",
            "barcode": f"99{i:011d}",
            "list_price": 10.0 + (i * 7) % 490,
            "categ_id": leaves[i % len(leaves)].id,
            "type": "consu",
            "is_storable": True,
            "sale_ok": True,
            "is_published": True,
            "taxes_id": [(5, 0, 0)],
        }
        for i in range(start, start + count)
    ]
    products = env["product.product"]
    for offset in range(0, count, 500):
        products |= env["product.product"].create(vals[offset : offset + 500])
    return products


def bulk_products(env, start, count, prototype, pricelist=None):
    """``count`` more products numbered from ``start`` like generate_products
    makes them, written in SQL (the ORM needs minutes per 10,000): each
    template and variant row is a copy of ``prototype``'s (a product made by
    the ORM, so every stored field holds what the ORM writes) with its own
    name, SKU, barcode, price and category. With ``pricelist``, a fifth of
    them get a fixed price on it, as add_pricing does. Returns nothing: the
    rows are not loaded into the ORM."""
    env.flush_all()
    cr = env.cr
    leaves = env["product.category"].search([("parent_id.parent_id.name", "=", "Bench")], order="id").ids

    def columns(table, skip):
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return [c for (c,) in cr.fetchall() if c not in skip]

    tmpl_set = {
        "name": "jsonb_build_object('en_US', 'Bench part ' || lpad(s.i::text, 5, '0'))",
        "default_code": "'BP-' || lpad(s.i::text, 5, '0')",
        "list_price": "10.0 + (s.i * 7) %% 490",
        "categ_id": "(%(leaves)s::int[])[s.i %% %(n_leaves)s + 1]",
        "website_sequence": "10000 + s.i",
    }
    tmpl_cols = columns("product_template", {"id"})
    tmpl_select = ", ".join(tmpl_set.get(c, f"p.{c}") for c in tmpl_cols)
    prod_set = {
        "product_tmpl_id": "t.id",
        "default_code": "t.default_code",
        "barcode": "'99' || lpad(substr(t.default_code, 4), 11, '0')",
    }
    prod_cols = columns("product_product", {"id"})
    prod_select = ", ".join(prod_set.get(c, f"v.{c}") for c in prod_cols)
    params = {
        "leaves": leaves,
        "n_leaves": len(leaves),
        "tmpl": prototype.product_tmpl_id.id,
        "prod": prototype.id,
        "start": start,
        "stop": start + count - 1,
    }
    # Column names come from the catalog, values are parameters.
    cr.execute(
        f"""WITH t AS (
                INSERT INTO product_template ({", ".join(tmpl_cols)})
                SELECT {tmpl_select}
                  FROM product_template p, generate_series(%(start)s, %(stop)s) s(i)
                 WHERE p.id = %(tmpl)s
                ORDER BY s.i
             RETURNING id, default_code)
            INSERT INTO product_product ({", ".join(prod_cols)})
            SELECT {prod_select} FROM t, product_product v WHERE v.id = %(prod)s""",
        params,
    )
    if pricelist:
        item_cols = columns("product_pricelist_item", {"id"})
        item_set = {
            "pricelist_id": "%(pricelist)s",
            "applied_on": "'0_product_variant'",
            "compute_price": "'fixed'",
            "product_id": "pp.id",
            "product_tmpl_id": "CASE WHEN i.product_tmpl_id IS NULL THEN NULL ELSE pt.id END",
            "fixed_price": "pt.list_price * 0.7",
        }
        item_select = ", ".join(item_set.get(c, f"i.{c}") for c in item_cols)
        cr.execute(
            f"""INSERT INTO product_pricelist_item ({", ".join(item_cols)})
                SELECT {item_select}
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id,
                       (SELECT * FROM product_pricelist_item
                         WHERE pricelist_id = %(pricelist)s AND applied_on = '0_product_variant'
                      ORDER BY id LIMIT 1) i
                 WHERE pt.default_code >= %(first)s AND pt.default_code <= %(last)s
                   AND substr(pt.default_code, 1, 3) = 'BP-'
                   AND (substr(pt.default_code, 4)::int - %(start)s) %% 5 = 0""",
            {
                **params,
                "pricelist": pricelist.id,
                "first": f"BP-{start:05d}",
                "last": f"BP-{start + count - 1:05d}",
            },
        )
    cr.execute("ANALYZE product_template, product_product, product_pricelist_item")
    env.invalidate_all()


def generate_base(env, n_dealers):
    """Categories, a tier price list, 5 tiers, ``n_dealers`` dealers and one
    portal user with the order-desk role on the first dealer."""
    Category = env["product.category"]
    root = Category.create({"name": "Bench"})
    families = Category.create([{"name": f"Family {i}", "parent_id": root.id} for i in range(20)])
    leaves = Category.create(
        [{"name": f"Line {i}.{j}", "parent_id": fam.id} for i, fam in enumerate(families) for j in range(2)]
    )
    company = env.company
    tiers = env["dealer.tier"]
    for t in range(5):
        pricelist = env["product.pricelist"].create(
            {
                "name": f"Bench tier {t}",
                "currency_id": company.currency_id.id,
                "selectable": False,
                "website_id": False,
                "item_ids": [
                    (0, 0, {"applied_on": "3_global", "compute_price": "percentage", "percent_price": 10 + t * 5})
                ],
            }
        )
        tiers |= env["dealer.tier"].create(
            {
                "name": f"Bench tier {t}",
                "code": f"BENCH{t}",
                "pricelist_id": pricelist.id,
                "categ_ids": [(6, 0, root.ids)],
            }
        )
    dealers = env["res.partner"].create(
        [
            {
                "name": f"Bench dealer {i:03d}",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": tiers[i % 5].id,
                "email": f"dealer{i:03d}@bench.example.com",
            }
            for i in range(n_dealers)
        ]
    )
    contact = env["res.partner"].create(
        {"name": "Bench clerk", "parent_id": dealers[0].id, "email": "clerk@bench.example.com"}
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": BENCH_LOGIN,
            "password": BENCH_LOGIN,
            "name": "Bench clerk",
            "partner_id": contact.id,
            "groups_id": [
                (6, 0, [env.ref("base.group_portal").id, env.ref("dealer_portal.dealer_portal_group_order_desk").id])
            ],
        }
    )
    return root, leaves, tiers, dealers


def add_pricing(env, tier, products, scheme=True):
    """Fixed prices for a fifth of ``products`` on ``tier``'s list and, with
    ``scheme``, a running scheme on 50 of them."""
    Item = env["product.pricelist.item"]
    Item.create(
        [
            {
                "pricelist_id": tier.pricelist_id.id,
                "applied_on": "0_product_variant",
                "product_id": p.id,
                "compute_price": "fixed",
                "fixed_price": p.list_price * 0.7,
            }
            for p in products[::5]
        ]
    )
    if not scheme:
        return
    env["dealer.scheme"].create(
        {
            "name": f"Bench scheme {products[:1].default_code}",
            "tier_ids": [(6, 0, tier.ids)],
            "date_start": date.today() - timedelta(days=1),
            "date_end": date.today() + timedelta(days=30),
            "item_ids": [
                (
                    0,
                    0,
                    {
                        "applied_on": "0_product_variant",
                        "product_id": p.id,
                        "product_tmpl_id": p.product_tmpl_id.id,
                        "compute_price": "fixed",
                        "fixed_price": p.list_price * 0.5,
                    },
                )
                for p in products[:50]
            ],
        }
    )


def generate_orderable(env, n_dealers, n_products, n_stocked):
    """``generate_base`` and ``n_products`` products priced on the first
    tier (``add_pricing``), stock for the first ``n_stocked`` of them, and
    the approval rules archived: every submission confirms, so its timing
    includes the native confirmation (approval routing is cheaper and
    measured by bench_credit.py). Returns ``(dealers, codes)``, ``codes``
    the SKUs in stock."""
    _root, leaves, tiers, dealers = generate_base(env, n_dealers)
    products = generate_products(env, 0, n_products, leaves)
    add_pricing(env, tiers[0], products)
    stocked = products[:n_stocked]
    location = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).lot_stock_id
    env["stock.quant"].create([{"product_id": p.id, "location_id": location.id, "quantity": 1000000} for p in stocked])
    env["dealer.approval.rule"].search([]).action_archive()
    return dealers, stocked.mapped("default_code")


# ----------------------------------------------------------------------
# Server
# ----------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """``odoo-bin`` on a free port, logging every request: one process, or
    ``workers`` prefork workers."""

    def __init__(self, config, db, workers=0, gevent_port=None):
        odoo = common.import_odoo()
        # workers > 0: prefork, as in production (bench_portal_lighthouse.py
        # behind the shipped nginx), with the websocket on ``gevent_port``.
        self.workers = workers
        self.gevent_port = gevent_port or (free_port() if workers else None)
        self.odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
        self.config, self.db = config, db
        self.tmp = tempfile.mkdtemp(prefix="dealer_bench_")
        self.logfile = os.path.join(self.tmp, "server.log")
        # DC_BENCH_HTTP_PORT pins the port (shared machines); by default a free one.
        self.port = int(os.environ.get("DC_BENCH_HTTP_PORT") or 0)
        if not self.port:
            self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                self.odoo_bin,
                "-c",
                self.config,
                "-d",
                self.db,
                "--db-filter",
                f"^{self.db}$",
                "--http-port",
                str(self.port),
                "--http-interface",
                "127.0.0.1",
                "--workers",
                str(self.workers),
                *(["--gevent-port", str(self.gevent_port), "--proxy-mode"] if self.workers else []),
                "--max-cron-threads",
                "0",
                "--log-level",
                "info",
                "--logfile",
                self.logfile,
            ]
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(1)
        self.__exit__(None, None, None)
        raise RuntimeError("the Odoo server did not start")

    def __exit__(self, *exc):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def session(self, login, password):
        session = requests.Session()
        res = session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": self.db, "login": login, "password": password},
            },
            timeout=30,
        )
        res.raise_for_status()
        if not res.json().get("result", {}).get("uid"):
            raise RuntimeError(f"login failed for {login}")
        return session

    def log_position(self):
        return os.path.getsize(self.logfile) if os.path.exists(self.logfile) else 0

    def requests_since(self, position):
        """Parsed request log lines written after ``position``."""
        for __ in range(20):
            with open(self.logfile, encoding="utf-8", errors="replace") as log:
                log.seek(position)
                lines = [LOG_LINE.search(line) for line in log]
            found = [m.groupdict() for m in lines if m]
            if found:
                return found
            time.sleep(0.05)
        return []

    def measure(self, session, method, path, runs=15, data=None, warmup=2, prepare=None):
        """Median server seconds and median SQL query count of ``path``."""
        timings, queries = [], []
        for i in range(runs + warmup):
            kwargs = prepare() if prepare else {"data": data}
            position = self.log_position()
            res = session.request(method, f"{self.url}{path}", allow_redirects=False, timeout=120, **kwargs)
            if res.status_code >= 400:
                raise RuntimeError(f"{method} {path}: HTTP {res.status_code}")
            base = path.split("?")[0]
            lines = [line for line in self.requests_since(position) if line["path"].split("?")[0] == base]
            if i < warmup or not lines:
                continue
            line = lines[-1]
            timings.append(float(line["sql"]) + float(line["other"]))
            queries.append(int(line["queries"]))
        return statistics.median(timings), int(statistics.median(queries))

    def measure_interleaved(self, session, paths, runs=15, warmup=2):
        """Like ``measure`` for several GET ``paths`` (a dict key -> path),
        requested in turn within each run so that load from other processes
        hits them alike. Returns key -> (median seconds, median queries)."""
        timings = {key: [] for key in paths}
        queries = {key: [] for key in paths}
        for i in range(runs + warmup):
            for key, path in paths.items():
                seconds, count = self.measure(session, "GET", path, runs=1, warmup=0)
                if i >= warmup:
                    timings[key].append(seconds)
                    queries[key].append(count)
        return {key: (statistics.median(timings[key]), int(statistics.median(queries[key]))) for key in paths}


def csrf_token(html):
    match = re.search(r'csrf_token: "([^"]+)"', html) or re.search(r'name="csrf_token" value="([^"]+)"', html)
    return match.group(1) if match else ""


def row(label, seconds, queries, extra=""):
    print(f"  {label:<46} {seconds * 1000:9.1f} ms  {queries:5d} queries  {extra}")
