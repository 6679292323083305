"""Lighthouse (mobile) on the dealer portal pages, plus their screenshots.

Runs on a database built by bench_portal_catalog.py or bench_portal_submit.py
(``--db``, reused as is): starts a real Odoo server, signs in as the bench
dealer and runs Lighthouse in its default mobile mode (emulated phone,
throttled network and CPU) on the catalog, the quick order with a pasted
result, and the cart after a blocked submission. Prints the category scores
and the main timings; with ``--screenshots DIR`` saves each page's final
screenshot there.

    npm i -g lighthouse
    CHROME_PATH=/usr/bin/chromium python bench/bench_portal_lighthouse.py -c odoo.conf --db NAME [--screenshots DIR]
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal_common as bpc
import common


def lighthouse(url, cookie, out_dir, name):
    binary = shutil.which("lighthouse")
    if not binary:
        sys.exit("lighthouse is not installed: npm i -g lighthouse")
    report = os.path.join(out_dir, f"{name}.json")
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
        ],
        check=True,
        timeout=300,
    )
    with open(report, encoding="utf-8") as fh:
        return json.load(fh)


def paste(server, session, lines):
    html = session.get(f"{server.url}/my/quick-order", timeout=60).text
    session.post(
        f"{server.url}/my/quick-order/add",
        timeout=60,
        allow_redirects=False,
        data={"csrf_token": bpc.csrf_token(html), "lines": lines},
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--db", required=True, help="a database built by bench_portal_catalog/submit")
    parser.add_argument("--screenshots", help="folder for the pages' final screenshots")
    args = parser.parse_args()
    common.import_odoo()
    out_dir = tempfile.mkdtemp(prefix="dealer_lighthouse_")
    with bpc.OdooServer(args.config, args.db) as server:
        session = server.session(bpc.BENCH_LOGIN, bpc.BENCH_LOGIN)
        cookie = f"session_id={session.cookies.get('session_id')}"
        # A blocked cart: a product without stock, a fine one.
        paste(server, session, "BP-09990 3\nBP-00001 2")
        html = session.get(f"{server.url}/shop/cart", timeout=60).text
        key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', html).group(1)
        res = session.post(
            f"{server.url}/shop/dealer/submit",
            allow_redirects=False,
            timeout=60,
            data={
                "csrf_token": bpc.csrf_token(html),
                "submission_key": key,
                "po_ref": "PO-SHOT",
            },
        )
        location = res.headers.get("Location", "/shop/cart")
        pages = {
            "catalog": f"{server.url}/my/catalog",
            "quick_order": f"{server.url}/my/quick-order",
            "blocked_submission": location if location.startswith("http") else server.url + location,
        }
        print("Lighthouse, mobile (default emulation and throttling)")
        for name, url in pages.items():
            if name == "quick_order":
                # The result panel shows once, on the page after a paste.
                paste(server, session, "BP-00003 2\nBP-0000X 1\nBP-00004;1,5\nBP-00005 x 4")
            report = lighthouse(url, cookie, out_dir, name)
            scores = {k: round((v.get("score") or 0) * 100) for k, v in report["categories"].items()}
            audits = report["audits"]
            timing = {
                k: audits[k].get("displayValue", "")
                for k in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                    "speed-index",
                )
                if k in audits
            }
            print(f"  {name:<20} " + "  ".join(f"{k}={v}" for k, v in scores.items()))
            print(f"  {'':<20} " + "  ".join(f"{k.replace('-', ' ')}: {v}" for k, v in timing.items()))
            shot = audits.get("final-screenshot", {}).get("details", {}).get("data", "")
            if args.screenshots and shot.startswith("data:image"):
                os.makedirs(args.screenshots, exist_ok=True)
                ext = "jpg" if "jpeg" in shot[:30] else "png"
                with open(os.path.join(args.screenshots, f"{name}.{ext}"), "wb") as fh:
                    fh.write(base64.b64decode(shot.split(",", 1)[1]))


if __name__ == "__main__":
    main()
