"""Take the README screenshots from a running demo (`make run`).

    python scripts/screenshots.py [--url http://localhost:8069] [--out docs/screenshots]

Signs in as the demo users with HTTP, hands the session cookie to headless
Chromium through the DevTools protocol, and saves one PNG per page.
"""

import argparse
import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import websocket

PAGES = [
    # (file name, login, path, width, height)
    ("catalog.png", "dealer", "/my/catalog", 1280, 1100),
    ("quick_order.png", "dealer", "/my/quick-order", 1280, 900),
    ("order_history.png", "dealer", "/my/dealer/orders", 1280, 900),
    ("account.png", "finance", "/my/dealer/account", 1280, 1300),
    ("documents.png", "finance", "/my/documents", 1280, 900),
    ("home.png", "dealer", "/my", 1280, 1000),
]


def login(base, user, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/web/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urlencode({"login": user, "password": password, "csrf_token": token}).encode()
    opener.open(f"{base}/web/login", data=data, timeout=30).read()
    return next(c.value for c in jar if c.name == "session_id")


class Chromium:
    def __init__(self):
        self.profile = tempfile.mkdtemp()
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
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                targets = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2))
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.2)
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
        time.sleep(2)  # let the page's scripts and images settle
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument(
        "--extra",
        nargs=3,
        action="append",
        default=[],
        metavar=("FILE", "LOGIN", "PATH"),
        help="another page to capture (password = login)",
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    domain = re.sub(r"^https?://([^:/]+).*$", r"\1", args.url)
    pages = PAGES + [(f, login_, path, 1280, 1000) for f, login_, path in args.extra]
    browser = Chromium()
    try:
        sessions = {}
        for name, user, path, width, height in pages:
            if user not in sessions:
                sessions[user] = login(args.url, user, user)
            browser.shot(args.url + path, sessions[user], domain, width, height, out / name)
            print("saved", out / name)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
