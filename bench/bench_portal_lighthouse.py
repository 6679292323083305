"""Lighthouse (mobile) on the dealer portal pages and on native /shop.

Runs on a database built by bench_portal_catalog.py or bench_portal_submit.py
(``--db``, reused as is): starts a real Odoo server, signs in as the bench
dealer and runs Lighthouse in its default mobile mode (emulated phone,
simulated slow 4G and 4x CPU slowdown) on:

- the dealer catalog (``/my/catalog``, 24 products);
- the quick order, showing the result panel of a paste;
- the cart after a blocked submission;
- native ``/shop?ppg=24`` for the same signed-in dealer, as the reference.

Each page runs ``--runs`` times, pages taking turns so a burst of load on the
machine hits them all alike; every run and the medians are printed with the
1-minute load average seen before the run and Lighthouse's own CPU benchmark
of the machine during it ("bench": Lighthouse expects about 1,000 or more and
warns below; ``--cpu-multiplier`` recalibrates its 4x slowdown for a slower
machine). Lighthouse's simulated throttling replays the
trace recorded on this machine, so a busy CPU still moves the numbers: measure
when the load is low and compare medians, never single runs.

``--nginx`` measures the production profile: Odoo in prefork mode
(``--workers``, default 2, with its gevent port for /websocket and
``proxy_mode``) behind the shipped nginx config (``config/nginx/odoo.conf``,
run locally by ``shipped_proxy.py``: gzip, cache headers, the same
locations). ``--no-direct`` skips the measure straight from Odoo's own HTTP
server, which never compresses. ``--gzip`` measures through a small
compressing proxy in front of the single-process server instead (standard
library only). Each mode is printed, labelled. Ports are free ones, or
``DC_BENCH_HTTP_PORT``, ``DC_BENCH_GEVENT_PORT`` and ``DC_BENCH_NGINX_PORT``.

For each page, the median run's costs are printed: Lighthouse's
opportunities, render-blocking resources, the LCP element, and every script,
style sheet, font and image with the bytes sent (compressed), unpacked,
unused (Lighthouse's unused-javascript and unused-css-rules) and its
main-thread time: what Odoo's own bundles cost.

The three dealer pages are light pages (views/light_assets_templates.xml of
dealer_portal): the dealer gets Bootstrap's components and the dealer
scripts instead of Odoo's 2.3 MB lazy JavaScript bundle, which native
``/shop`` still loads. The server is not in test mode here, so the bench
measures what dealers get.

``--throttling devtools`` really slows the network and CPU down while the
page loads instead of simulating it afterwards. Use it to check a simulated
number: on a page without images the window's load event comes right after
the HTML, Odoo then starts its lazy bundle, and on a fast local connection
that bundle runs before Chrome paints for the first time; the simulation
then counts its download, at phone speed, as part of the first paint.

Lighthouse is an npm package (Node.js 18 or later), installed once with
``npm i -g lighthouse`` (``npm i -g lighthouse@12`` for the version measured
in docs/performance.md); it drives the Chromium given by ``CHROME_PATH``.

    npm i -g lighthouse
    CHROME_PATH=/usr/bin/chromium python bench/bench_portal_lighthouse.py -c odoo.conf --db NAME \\
        [--runs 3] [--nginx [--workers 2] [--no-direct]] [--gzip] [--throttling simulate|devtools] \\
        [--pages catalog,...] [--keep DIR] [--screenshots DIR]
"""

import argparse
import base64
import gzip
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common
import shipped_proxy

METRICS = (
    ("first-contentful-paint", "FCP", 1000, "s"),
    ("largest-contentful-paint", "LCP", 1000, "s"),
    ("total-blocking-time", "TBT", 1, "ms"),
    ("cumulative-layout-shift", "CLS", 1, ""),
    ("speed-index", "SI", 1000, "s"),
)
CATEGORIES = (("performance", "perf"), ("accessibility", "a11y"), ("best-practices", "b-p"))
# Same types nginx is usually told to compress (gzip_types), plus the HTML.
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|x-javascript)|image/svg\+xml)")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
# send_response() writes its own.
OWN_HEADERS = {"server", "date"}


# ----------------------------------------------------------------------
# A compressing reverse proxy, for production-like numbers
# ----------------------------------------------------------------------
class GzipProxy:
    """Forwards to ``upstream`` and gzips text responses (level 6), caching
    the compressed immutable asset bundles as nginx's ``gzip_static`` would."""

    def __init__(self, upstream):
        target = urllib.parse.urlsplit(upstream)
        cache, lock = {}, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"accept-encoding"}}
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    res = conn.getresponse()
                    data = res.read()
                finally:
                    conn.close()
                ctype = res.getheader("Content-Type", "")
                encode = (
                    "gzip" in (self.headers.get("Accept-Encoding") or "")
                    and COMPRESSIBLE.match(ctype)
                    and len(data) > 1024
                    and not res.getheader("Content-Encoding")
                )
                if encode:
                    key = self.path if self.path.startswith("/web/assets/") else None
                    with lock:
                        packed = cache.get(key) if key else None
                    if packed is None:
                        packed = gzip.compress(data, compresslevel=6)
                        if key:
                            with lock:
                                cache[key] = packed
                    data = packed
                self.send_response(res.status, res.reason)
                dropped = HOP_BY_HOP | OWN_HEADERS | ({"vary"} if encode else set())
                for name, value in res.getheaders():
                    if name.lower() not in dropped:
                        self.send_header(name, value)
                if encode:
                    self.send_header("Content-Encoding", "gzip")
                    vary = res.getheader("Vary")
                    self.send_header("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# ----------------------------------------------------------------------
# Lighthouse
# ----------------------------------------------------------------------
def lighthouse(url, cookie, report, throttling="simulate", cpu_multiplier=None):
    binary = shutil.which("lighthouse")
    if not binary:
        sys.exit("lighthouse is not installed: npm i -g lighthouse")
    subprocess.run(
        [
            binary,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility,best-practices",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            f"--throttling-method={throttling}",
            *([f"--throttling.cpuSlowdownMultiplier={cpu_multiplier}"] if cpu_multiplier else []),
        ],
        check=True,
        timeout=300,
    )
    with open(report, encoding="utf-8") as fh:
        return json.load(fh)


def summarize(report, load):
    audits = report["audits"]
    values = {short: round((report["categories"][key].get("score") or 0) * 100) for key, short in CATEGORIES}
    for key, short, _scale, _unit in METRICS:
        values[short] = audits.get(key, {}).get("numericValue")
    values["load"] = load
    # Lighthouse's own CPU benchmark of this machine during the run (its 4x
    # slowdown assumes a fast desktop; it warns when this is low).
    values["cpu"] = report.get("environment", {}).get("benchmarkIndex")
    by_type = {}
    for item in audits.get("network-requests", {}).get("details", {}).get("items", []):
        kind = item.get("resourceType") or "Other"
        by_type[kind] = by_type.get(kind, 0) + (item.get("transferSize") or 0)
    values["bytes"] = by_type
    values["dom"] = audits.get("dom-size", {}).get("numericValue")
    return values


def costs(report):
    """What costs the most in one report: the opportunities with their
    estimated savings, render-blocking resources and the failed checks."""
    audits = report["audits"]
    lines = []
    savings = sorted(
        (
            (a.get("metricSavings") or {}).get("LCP", 0) + (a.get("metricSavings") or {}).get("FCP", 0),
            a["id"],
            a.get("displayValue", ""),
        )
        for a in audits.values()
        if a.get("details", {}).get("type") == "opportunity" and (a.get("score") or 0) < 0.9
    )
    for ms, key, shown in reversed(savings[-5:]):
        lines.append(f"opportunity {key}: {shown} (FCP+LCP savings {ms:.0f} ms)")
    for item in audits.get("render-blocking-resources", {}).get("details", {}).get("items", []):
        lines.append(f"render-blocking {item['url']} ({item.get('totalBytes', 0) / 1024:.0f} KiB)")
    lcp = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    if lcp and lcp[0].get("items"):
        lines.append(f"LCP element {lcp[0]['items'][0].get('node', {}).get('snippet', '')[:120]}")
    for cat in ("accessibility", "best-practices"):
        failed = [
            ref["id"]
            for ref in report["categories"][cat]["auditRefs"]
            if ref.get("weight") and audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1
        ]
        if failed:
            lines.append(f"{cat} failed: {', '.join(failed)}")
    return lines


def bundles(report):
    """What each script, style sheet and font costs in one report: bytes
    transferred (compressed) and unpacked, the part Lighthouse saw unused,
    and the main-thread time of scripts. Odoo's bundles are /web/assets/...;
    the rest is listed by type."""
    audits = report["audits"]
    unused = {}
    for key in ("unused-javascript", "unused-css-rules"):
        for item in audits.get(key, {}).get("details", {}).get("items", []):
            unused[item["url"]] = unused.get(item["url"], 0) + (item.get("wastedBytes") or 0)
    boot_items = audits.get("bootup-time", {}).get("details", {}).get("items", [])
    boot = {item["url"]: item.get("total") or 0 for item in boot_items}
    lines = []
    for item in audits.get("network-requests", {}).get("details", {}).get("items", []):
        kind = item.get("resourceType") or "Other"
        if kind not in ("Script", "Stylesheet", "Font", "Image", "Document"):
            continue
        url = item["url"]
        name = urllib.parse.urlsplit(url).path
        if name.startswith("/web/assets/"):
            name = "/web/assets/…/" + name.rsplit("/", 1)[-1]
        lines.append(
            f"{kind:<10} {name[:60]:<60} {(item.get('transferSize') or 0) / 1024:6.0f} KiB sent "
            f"{(item.get('resourceSize') or 0) / 1024:6.0f} KiB unpacked "
            f"{unused.get(url, 0) / 1024:6.0f} KiB unused {boot.get(url, 0):6.0f} ms CPU"
        )
    return lines


def median_row(runs):
    row = {}
    for key in runs[0]:
        if key == "bytes":
            continue
        values = [r[key] for r in runs if r[key] is not None]
        row[key] = statistics.median(values) if values else None
    row["bytes"] = runs[0]["bytes"]
    return row


def fmt(row):
    out = [f"{row[short]:>4.0f}" for _key, short in CATEGORIES]
    for _key, short, scale, unit in METRICS:
        value = row[short]
        if value is None:
            out.append(f"{'-':>7}")
        elif unit == "ms":
            out.append(f"{value:>5.0f}ms")
        elif unit == "s":
            out.append(f"{value / scale:>6.1f}s")
        else:
            out.append(f"{value:>7.3f}")
    out.append(f"{row['dom'] or 0:>5.0f}")
    out.append(f"{sum(row['bytes'].values()) / 1024:>7.0f}")
    out.append(f"{row['load']:>5.2f}")
    out.append(f"{row['cpu'] or 0:>5.0f}")
    return " ".join(out)


HEADER = (
    f"{'page':<20} {'perf':>4} {'a11y':>4} {'b-p':>4} {'FCP':>7} {'LCP':>7} {'TBT':>7} {'CLS':>7} {'SI':>7}"
    f" {'DOM':>5} {'KiB':>7} {'load':>5} {'bench':>5}"
)


# ----------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------
def paste(base_url, session, lines):
    html = session.get(f"{base_url}/my/quick-order", timeout=60).text
    session.post(
        f"{base_url}/my/quick-order/add",
        timeout=60,
        allow_redirects=False,
        data={"csrf_token": bpc.csrf_token(html), "lines": lines},
    )


def blocked_cart(base_url, session):
    """Empty the cart, fill it with a product without stock and a fine one,
    submit: the redirect is the cart showing the blocked submission."""
    session.post(
        f"{base_url}/shop/cart/clear", json={"jsonrpc": "2.0", "method": "call", "params": {}}, timeout=60
    ).raise_for_status()
    paste(base_url, session, "BP-09990 3\nBP-00001 2")
    html = session.get(f"{base_url}/shop/cart", timeout=60).text
    key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', html).group(1)
    res = session.post(
        f"{base_url}/shop/dealer/submit",
        allow_redirects=False,
        timeout=60,
        data={"csrf_token": bpc.csrf_token(html), "submission_key": key, "po_ref": "PO-SHOT"},
    )
    location = urllib.parse.urlsplit(res.headers.get("Location", "/shop/cart"))
    return location.path + (f"?{location.query}" if location.query else "")


def check_setup(base_url, session):
    """Warn about what would make the numbers lie: a missing filestore makes
    the logo and favicon fail (a copied database without its files)."""
    res = session.get(f"{base_url}/web/image/website/1/logo", timeout=60)
    if res.status_code != 200:
        print(
            f"WARNING: the website logo answers HTTP {res.status_code}: the database was copied without its "
            "filestore; errors in the console will cost best-practices points and the LCP element changes."
        )


def warm_up(base_url, session, pages):
    """Request each page and the asset bundles it links once: a fresh
    database builds its bundles on the first request (seconds of SCSS
    compilation), which no visitor after the first ever waits for."""
    for path in pages.values():
        html = session.get(base_url + path, timeout=300).text
        for asset in sorted(set(re.findall(r'(?:href|src|data-src)="(/web/assets/[^"]+)"', html))):
            session.get(base_url + asset, timeout=300)


def run_mode(label, base_url, session, cookie, pages, args, out_dir):
    warm_up(base_url, session, pages)
    results = {name: [] for name in pages}
    reports = {name: [] for name in pages}
    for run in range(args.runs):
        for name, path in pages.items():
            if name == "quick_order":
                # The result panel shows once, on the page after a paste.
                paste(base_url, session, "BP-00003 2\nBP-0000X 1\nBP-00004;1,5\nBP-00005 x 4")
            load = os.getloadavg()[0]
            path_out = os.path.join(out_dir, f"{label}-{name}-{run + 1}.json")
            report = lighthouse(base_url + path, cookie, path_out, args.throttling, args.cpu_multiplier)
            results[name].append(summarize(report, load))
            reports[name].append(report)
    print(
        f"\nLighthouse {report['lighthouseVersion']}, mobile, {args.throttling} throttling, {label}: "
        f"median of {args.runs} run(s)"
    )
    print(HEADER)
    for name in pages:
        print(f"{name:<20} {fmt(median_row(results[name]))}")
        for row in results[name]:
            print(f"{'  run':<20} {fmt(row)}")
    print(f"What costs the score ({label}, the run with the median performance score):")
    for name in pages:
        ranked = sorted(range(len(results[name])), key=lambda i: results[name][i]["perf"])
        report = reports[name][ranked[len(ranked) // 2]]
        kib = ", ".join(
            f"{k} {v / 1024:.0f}" for k, v in sorted(results[name][0]["bytes"].items(), key=lambda kv: -kv[1])
        )
        print(f"  {name}: transferred KiB by type: {kib}")
        for line in costs(report):
            print(f"    {line}")
        for line in bundles(report):
            print(f"    {line}")
    return reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--db", required=True, help="a database built by bench_portal_catalog/submit")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median printed)")
    parser.add_argument("--gzip", action="store_true", help="also measure through a local compressing proxy")
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="also measure through the production profile's nginx config (config/nginx/odoo.conf; needs nginx)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="Odoo's prefork workers behind nginx (--nginx; default %(default)s)"
    )
    parser.add_argument("--no-direct", action="store_true", help="skip the measure straight from Odoo")
    parser.add_argument("--pages", help="comma-separated subset: catalog,quick_order,blocked_submission,native_shop")
    parser.add_argument(
        "--throttling",
        default="simulate",
        choices=["simulate", "devtools"],
        help="Lighthouse's throttling method: simulate (its default, what PageSpeed Insights reports) or devtools "
        "(the network and CPU really slowed down while the page loads: slower to run, closer to a real phone)",
    )
    parser.add_argument(
        "--cpu-multiplier",
        type=float,
        help="Lighthouse's CPU slowdown (default 4, calibrated for a fast desktop: see the 'bench' column, "
        "Lighthouse's benchmark index of this machine, and Lighthouse's docs/throttling.md)",
    )
    parser.add_argument("--keep", help="folder for the JSON reports (default: a temporary folder)")
    parser.add_argument("--screenshots", help="folder for the pages' final screenshots")
    args = parser.parse_args()
    common.import_odoo()
    out_dir = args.keep or tempfile.mkdtemp(prefix="dealer_lighthouse_")
    os.makedirs(out_dir, exist_ok=True)
    with bpc.OdooServer(args.config, args.db) as server:
        session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
        cookie = f"session_id={session.cookies.get('session_id')}"
        check_setup(server.url, session)
        pages = {
            "catalog": "/my/catalog",
            "quick_order": "/my/quick-order",
            "blocked_submission": blocked_cart(server.url, session),
            "native_shop": "/shop?ppg=24",
        }
        if args.pages:
            wanted = args.pages.split(",")
            pages = {k: v for k, v in pages.items() if k in wanted}
        reports = {}
        if not args.no_direct:
            reports = run_mode("direct to Odoo (no compression)", server.url, session, cookie, pages, args, out_dir)
        if args.gzip:
            with GzipProxy(server.url) as proxy:
                reports = run_mode(
                    "through a gzip proxy (production-like)", proxy.url, session, cookie, pages, args, out_dir
                )
    if args.nginx:
        # The production profile: Odoo in prefork mode behind the shipped nginx config.
        with (
            bpc.OdooServer(
                args.config, args.db, workers=args.workers, gevent_port=env_port("DC_BENCH_GEVENT_PORT")
            ) as server,
            shipped_proxy.ShippedNginx(
                server.port, server.gevent_port, listen_port=env_port("DC_BENCH_NGINX_PORT")
            ) as proxy,
        ):
            session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
            cookie = f"session_id={session.cookies.get('session_id')}"
            label = f"through the shipped nginx config, Odoo with {args.workers} workers"
            reports = run_mode(label, proxy.url, session, cookie, pages, args, out_dir)
    print(f"\nJSON reports: {out_dir}")
    for name, page_reports in reports.items():
        shot = page_reports[-1]["audits"].get("final-screenshot", {}).get("details", {}).get("data", "")
        if args.screenshots and shot.startswith("data:image"):
            os.makedirs(args.screenshots, exist_ok=True)
            ext = "jpg" if "jpeg" in shot[:30] else "png"
            with open(os.path.join(args.screenshots, f"{name}.{ext}"), "wb") as fh:
                fh.write(base64.b64decode(shot.split(",", 1)[1]))


def env_port(name):
    return int(os.environ.get(name) or 0) or None


if __name__ == "__main__":
    main()
