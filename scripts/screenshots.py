"""Take every screenshot the README shows, from a running demo (`make run`).

    python scripts/screenshots.py [--url http://localhost:8069] [--out docs/screenshots]

Signs in as the demo users with HTTP, hands the session cookie to headless
Chromium through the DevTools protocol, and saves one PNG per page. Two
pages are reached the way a dealer reaches them:

- blocked_submission.png: the dealer admin puts lines that break the demo's
  quantity rules in its cart (JSON-RPC, as the cart page does), submits the
  cart with the form of the cart page, and the page it lands on is taken.
  The submission is a real one: its attempt is logged like any other, and
  the lines are taken out of the cart again afterwards;
- dispute.png: the finance user's accepted price dispute, with its credit
  note (the demo's), found with JSON-RPC as that user;
- rollout_dashboard.png: the back office's roll-out dashboard, as the demo
  administrator;
- divisions.png: the catalogs of the demo's two divisions (Apex Brakes on
  apex.localhost, Voltline on voltline.localhost) side by side, as the
  dealer who trades with both sees them: one shot per division's domain;
- timeline.png: the tracking page of the dealer's demo order that is out for
  delivery (else delivered, else dispatched), found with JSON-RPC as the
  dealer.

Needs Chromium (or Chrome) and the Python package websocket-client, both
installed for the tests; run it with the project's venv, whose Pillow keeps
the PNGs small.
"""

import argparse
import base64
import json
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import websocket

PAGES = [
    # (file name, login, path or scene, width, height)
    ("catalog.png", "dealer", "/my/catalog", 1280, 1100),
    ("quick_order.png", "dealer", "/my/quick-order", 1280, 900),
    ("order_history.png", "dealer", "/my/dealer/orders", 1280, 900),
    ("account.png", "finance", "/my/dealer/account", 1280, 1300),
    ("documents.png", "finance", "/my/documents", 1280, 900),
    ("home.png", "dealer", "/my", 1280, 1000),
    ("timeline.png", "dealer", "scene:timeline", 1280, 1000),
    ("blocked_submission.png", "dealer", "scene:blocked_submission", 1280, 1000),
    ("dispute.png", "finance", "scene:dispute", 1280, 1000),
    ("rollout_dashboard.png", "admin", "/odoo/action-dealer_rollout.dealer_portal_kpi_action_dashboard", 1440, 900),
    ("divisions.png", "dealer", "divisions:/my/catalog", 960, 1000),
]

# The demo's two divisions, on their own names (*.localhost is this machine),
# served by the same Odoo as --url.
DIVISION_HOSTS = ("apex.localhost", "voltline.localhost")

# What the demo's quantity rules refuse: BP-220 has a minimum of 10, BF-610
# comes in packs of 12. AF-210 has no rule: it shows a line that passes.
BLOCKED_CART = [("BP-220", 4), ("BF-610", 10), ("AF-210", 20)]

# The dealer stages the timeline is taken from, the first found wins.
TIMELINE_STAGES = ["out_for_delivery", "delivered", "dispatched"]


class Session:
    """One signed-in user, over plain HTTP."""

    def __init__(self, base, login, password, host=None):
        self.base = base
        # The site's name when it is not the address connected to: a
        # division's *.localhost name, which browsers resolve and Python may not.
        self.host = host
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/web/login")
        data = {"login": login, "password": password, "csrf_token": csrf_token(page)}
        self.open("/web/login", data=urlencode(data).encode()).read()
        self.cookie = next(c.value for c in self.jar if c.name == "session_id")

    def open(self, path, data=None, headers=None):
        headers = dict(headers or {}, **({"Host": self.host} if self.host else {}))
        return self.opener.open(urllib.request.Request(self.base + path, data=data, headers=headers), timeout=60)

    def get(self, path):
        return self.open(path).read().decode()

    def post_form(self, path, data):
        """POST a form and follow the redirect; return the path it lands on."""
        response = self.open(path, data=urlencode(data).encode())
        response.read()
        url = urlsplit(response.geturl())
        return url.path + (f"?{url.query}" if url.query else "")

    def json(self, path, **params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        answer = json.load(self.open(path, data=body, headers={"Content-Type": "application/json"}))
        if "error" in answer:
            raise SystemExit(f"{path}: {answer['error'].get('data', {}).get('message') or answer['error']}")
        return answer["result"]

    def search_read(self, model, domain, fields, **kwargs):
        return self.json(
            f"/web/dataset/call_kw/{model}/search_read",
            model=model,
            method="search_read",
            args=[domain],
            kwargs={"fields": fields, **kwargs},
        )


def csrf_token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def scene_timeline(session):
    """The tracking page of the dealer's order furthest on the road."""
    orders = session.search_read("sale.order", [("dealer_stage", "in", TIMELINE_STAGES)], ["dealer_stage"])
    if not orders:
        raise SystemExit("No demo order of the dealer is dispatched, out for delivery or delivered.")
    order = min(orders, key=lambda o: (TIMELINE_STAGES.index(o["dealer_stage"]), o["id"]))
    return f"/my/orders/{order['id']}/track"


def scene_dispute(session):
    """The dealer's accepted price dispute: its answer and credit note."""
    disputes = session.search_read("dealer.price.dispute", [("state", "=", "accepted")], ["id"], limit=1)
    if not disputes:
        raise SystemExit("The demo has no accepted price dispute.")
    return f"/my/dealer/disputes/{disputes[0]['id']}"


def scene_blocked_submission(session):
    """Fill the cart against the quantity rules and submit it as the dealer
    does; the cart page it lands on lists what blocked it."""
    codes = [code for code, _qty in BLOCKED_CART]
    found = session.search_read("product.product", [("default_code", "in", codes)], ["default_code"])
    products = {p["default_code"]: p["id"] for p in found}
    missing = set(codes) - set(products)
    if missing:
        raise SystemExit(f"Demo products not found: {', '.join(sorted(missing))}")
    for code, qty in BLOCKED_CART:
        session.json("/shop/cart/update_json", product_id=products[code], set_qty=qty, display=False)
    cart = session.get("/shop/cart")
    form = re.search(r'<form[^>]*action="/shop/dealer/submit".*?</form>', cart, re.S)
    if not form:
        raise SystemExit("The cart page has no submission form (is the user a dealer's order desk?).")
    form = form.group(0)
    # The browser sends the selected address, else the first one.
    options = re.findall(r"<option[^>]*>", form)
    option = next((o for o in options if "selected" in o), options[0] if options else "")
    shipping = re.search(r'value="(\d+)"', option)
    data = {
        "csrf_token": csrf_token(form),
        "submission_key": re.search(r'name="submission_key" value="([^"]+)"', form).group(1),
        "po_ref": "",
        "shipping_id": shipping.group(1) if shipping else "",
    }
    landed = session.post_form("/shop/dealer/submit", data)
    if "dealer_attempt=" not in landed:
        raise SystemExit(f"The submission was not blocked (landed on {landed}): did the demo's quantity rules change?")
    return landed


def scene_blocked_submission_cleanup(session):
    products = session.search_read(
        "product.product", [("default_code", "in", [code for code, _qty in BLOCKED_CART])], ["id"]
    )
    for product in products:
        session.json("/shop/cart/update_json", product_id=product["id"], set_qty=0, display=False)


SCENES = {
    "timeline": (scene_timeline, None),
    "blocked_submission": (scene_blocked_submission, scene_blocked_submission_cleanup),
    "dispute": (scene_dispute, None),
}


def shrink(path):
    """Web pages are flat colours: 256 of them keep a screenshot sharp at a
    third of its size. Skipped when Pillow (an Odoo requirement) is missing."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Chromium:
    def __init__(self):
        self.profile = tempfile.mkdtemp()
        self.port = free_port()
        binary = shutil.which("chromium") or shutil.which("google-chrome") or "chromium"
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json", timeout=2))
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start.")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.seq = 0

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.seq:
                return msg.get("result", {})

    def shot(self, url, cookie, domain, width, height, path):
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=cookie, domain=domain, path="/")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.call("Page.enable")
        self.call("Page.navigate", url=url)
        time.sleep(1)
        for _ in range(120):
            state = self.call("Runtime.evaluate", expression="document.readyState")
            if state.get("result", {}).get("value") == "complete":
                break
            time.sleep(0.5)
        # Let the page's scripts and images settle; the back office's web
        # client renders its views after the document has loaded.
        time.sleep(6 if "/odoo/" in url else 2)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
        shrink(path)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def shot_divisions(browser, base, login, path, width, height, target):
    """``path`` on each division's domain, signed in as ``login``, side by side."""
    from PIL import Image

    address = urlsplit(base)
    parts = []
    for host in DIVISION_HOSTS:
        site = f"{host}:{address.port or 80}"
        session = Session(base, login, login, host=site)
        # The first request of a website's style sheet compiles it: not in the shot.
        for css in re.findall(r'href="(/web/assets/[^"]+\.css)"', session.get(path)):
            session.get(css)
        part = target.with_name(f".{host}.png")
        browser.shot(f"{address.scheme}://{site}{path}", session.cookie, host, width, height, part)
        parts.append(part)
    gap = 16
    images = [Image.open(part).convert("RGB") for part in parts]
    combined = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) - 1), height), "#d0d4d9")
    x = 0
    for image in images:
        combined.paste(image, (x, 0))
        x += image.width + gap
    combined.save(target)
    for part in parts:
        part.unlink()
    shrink(target)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--only", nargs="+", metavar="FILE", help="take only these files (e.g. timeline.png)")
    parser.add_argument(
        "--extra",
        nargs=3,
        action="append",
        default=[],
        metavar=("FILE", "LOGIN", "PATH"),
        help="another page to capture (password = login)",
    )
    args = parser.parse_args()
    base = args.url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    domain = urlsplit(base).hostname
    pages = PAGES + [(f, login_, path, 1280, 1000) for f, login_, path in args.extra]
    if args.only:
        pages = [page for page in pages if page[0] in args.only]
    browser = Chromium()
    try:
        sessions = {}
        for name, user, path, width, height in pages:
            if path.startswith("divisions:"):
                shot_divisions(browser, base, user, path.removeprefix("divisions:"), width, height, out / name)
                print("saved", out / name, f"({path})")
                continue
            if user not in sessions:
                sessions[user] = Session(base, user, user)
            session = sessions[user]
            cleanup = None
            if path.startswith("scene:"):
                scene, cleanup = SCENES[path.removeprefix("scene:")]
                path = scene(session)
            try:
                browser.shot(base + path, session.cookie, domain, width, height, out / name)
            finally:
                if cleanup:
                    cleanup(session)
            print("saved", out / name, f"({path})")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
