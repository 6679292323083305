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


# ----------------------------------------------------------------------
# Server
# ----------------------------------------------------------------------
class OdooServer:
    """``odoo-bin`` on a free port, single process, logging every request."""

    def __init__(self, config, db):
        odoo = common.import_odoo()
        self.odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
        self.config, self.db = config, db
        self.tmp = tempfile.mkdtemp(prefix="dealer_bench_")
        self.logfile = os.path.join(self.tmp, "server.log")
        # DC_BENCH_HTTP_PORT pins the port (shared machines); by default a free one.
        self.port = int(os.environ.get("DC_BENCH_HTTP_PORT") or 0)
        if not self.port:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                self.port = sock.getsockname()[1]
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
                "0",
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


def csrf_token(html):
    match = re.search(r'csrf_token: "([^"]+)"', html) or re.search(r'name="csrf_token" value="([^"]+)"', html)
    return match.group(1) if match else ""


def row(label, seconds, queries, extra=""):
    print(f"  {label:<46} {seconds * 1000:9.1f} ms  {queries:5d} queries  {extra}")
