"""Dealers using the portal, for Locust (``make loadtest`` runs it headless).

Each simulated user signs in as one of the bench's 500 dealers (a different
one per user) and, with a think time between pages, browses the catalog
(pages, categories, search), opens product pages, adds to the cart, pastes
quick orders and submits them (a fifth of them 20-line orders), reads its
order history and tracks its orders. Every request is also written, with its
start time, to ``LOADTEST_RECORDS`` (JSON lines) so that run.py can tell the
requests made during a fault from the others.

Environment: ``LOADTEST_DATA`` (JSON written by run.py: logins, products),
``LOADTEST_RECORDS`` (output), ``LOADTEST_WAIT`` ("min,max" think time in s).
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, events, task
from locust.exception import StopUser

DATA = json.load(open(os.environ["LOADTEST_DATA"], encoding="utf-8"))
WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "3,12").split(",")]
_LOGINS = DATA["logins"][:]
random.Random(int(os.environ.get("LOADTEST_SEED", "15"))).shuffle(_LOGINS)
_NEXT_LOGIN = itertools.cycle(_LOGINS)
_RECORDS = open(os.environ["LOADTEST_RECORDS"], "w", encoding="utf-8")

CSRF = re.compile(r'csrf_token: "([^"]+)"|name="csrf_token" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key"\s+value="([0-9a-f]{32})"')
ORDER_LINK = re.compile(r"/my/orders/(\d+)")


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, start_time=None, **kw):
    _RECORDS.write(
        json.dumps(
            {
                "t": start_time,
                "name": name,
                "ms": response_time,
                "ok": exception is None,
                "err": str(exception)[:200] if exception else "",
            }
        )
        + "\n"
    )


@events.quitting.add_listener
def _close(environment, **kw):
    _RECORDS.close()


def _csrf(html):
    match = CSRF.search(html or "")
    return (match.group(1) or match.group(2)) if match else ""


class Dealer(HttpUser):
    def wait_time(self):
        return random.uniform(*WAIT)

    def on_start(self):
        self.login = next(_NEXT_LOGIN)
        self.order_ids = []
        # A dealer whose sign-in fails (the proxy gave up) tries again, as people do.
        for _attempt in range(3):
            with self.client.get("/web/login", name="login page", catch_response=True) as res:
                token = _csrf(res.text) if res.ok else ""
            if not token:
                continue
            with self.client.post(
                "/web/login",
                data={"login": self.login, "password": DATA["password"], "csrf_token": token, "redirect": "/my"},
                name="login",
                allow_redirects=False,
                catch_response=True,
            ) as res:
                if res.status_code == 303 and "/web/login" not in res.headers.get("Location", ""):
                    return
                res.failure(f"login failed for {self.login}: HTTP {res.status_code}")
        raise StopUser()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _page(self, path, name):
        """GET a portal page; a redirect to the login page is a failure (a
        session lost to a fault)."""
        with self.client.get(path, name=name, catch_response=True) as res:
            if res.ok and "/web/login" in res.url:
                res.failure("redirected to the login page")
            return res

    def _codes(self, count):
        start = random.randrange(0, len(DATA["codes"]) - count)
        return DATA["codes"][start : start + count]

    def _paste(self, count):
        page = self._page("/my/quick-order", "quick order page")
        lines = "\n".join(f"{code} {random.randint(1, 4)}" for code in self._codes(count))
        with self.client.post(
            "/my/quick-order/add",
            data={"csrf_token": _csrf(page.text), "lines": lines, "form_key": os.urandom(16).hex()},
            name=f"quick order paste ({'20' if count >= 20 else 'few'} lines)",
            allow_redirects=False,
            catch_response=True,
        ) as res:
            if res.status_code != 303:
                res.failure(f"HTTP {res.status_code}")

    def _clear_cart(self):
        self.client.post("/shop/cart/clear", json={"jsonrpc": "2.0", "method": "call", "params": {}}, name="cart clear")

    # ------------------------------------------------------------------
    # Tasks
    # ------------------------------------------------------------------
    @task(6)
    def catalog(self):
        self._page("/my/catalog", "catalog")

    @task(3)
    def catalog_page(self):
        self._page(f"/my/catalog?page={random.randint(2, 20)}", "catalog page N")

    @task(4)
    def catalog_search(self):
        self._page(f"/my/catalog?search=part+{random.randint(0, len(DATA['codes']) // 10 - 1):04d}", "catalog search")

    @task(4)
    def product_page(self):
        product = random.choice(DATA["products"])
        with self.client.get(
            f"/shop/{product['slug']}", name="product page", allow_redirects=False, catch_response=True
        ) as res:
            if res.status_code != 200:
                res.failure(f"HTTP {res.status_code} to {res.headers.get('Location', '-')}")

    @task(4)
    def add_to_cart(self):
        # As the catalog's "Add" sends it (dealer_pages.js): the page shows
        # the cart count and the warning, not re-rendered cart lines.
        product = random.choice(DATA["products"])
        params = {"product_id": product["variant_id"], "add_qty": 2, "display": False}
        with self.client.post(
            "/shop/cart/update_json",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            name="add to cart",
            catch_response=True,
        ) as res:
            if res.ok and "error" in (res.json() or {}):
                res.failure(res.json()["error"].get("message", "JSON-RPC error"))

    @task(2)
    def quick_order(self):
        self._paste(random.randint(3, 8))

    @task(3)
    def submit(self):
        self._submit(random.randint(3, 8))

    @task(1)
    def submit_20_lines(self):
        self._submit(20)

    def _submit(self, count):
        self._clear_cart()
        self._paste(count)
        cart = self._page("/shop/cart", "cart")
        key = SUBMISSION_KEY.search(cart.text or "")
        if not key:
            return
        name = "submit (20 lines)" if count >= 20 else "submit (3-8 lines)"
        with self.client.post(
            "/shop/dealer/submit",
            data={"csrf_token": _csrf(cart.text), "submission_key": key.group(1), "po_ref": f"LT-{self.login}"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as res:
            location = res.headers.get("Location", "")
            submitted = re.search(r"/shop/dealer/submitted/(\d+)", location)
            if res.status_code != 303 or not (submitted or "dealer_attempt=" in location):
                res.failure(f"HTTP {res.status_code} to {location or '-'}")
                return
        if submitted:
            self.order_ids.append(int(submitted.group(1)))
            self._page(location, "submission result")
        else:
            # Blocked (credit): the dealer reads why and empties the cart.
            self._page(location, "cart (blocked submission)")
            self._clear_cart()

    @task(3)
    def history(self):
        res = self._page("/my/dealer/orders", "order history")
        for order_id in ORDER_LINK.findall(res.text or "")[:5]:
            if int(order_id) not in self.order_ids:
                self.order_ids.append(int(order_id))

    @task(3)
    def track(self):
        if not self.order_ids:
            return self.history()
        self._page(f"/my/orders/{random.choice(self.order_ids)}/track", "order tracking")
