"""Every HTTP and JSON route of the dealer addons, called by someone who has
no business there: an anonymous visitor, and a portal user of a company that
is not a dealer, while two dealers have orders, deliveries and invoices.

"Gets nothing" means, for every route, called with ids of records that do
not exist and of the dealers' own orders and invoices:
- never a server error;
- no response (page, redirect, JSON) shows any of the dealers' data: their
  names, order and invoice numbers, purchase references, or a dealer price;
- a route for signed-in users answers the anonymous visitor with no page
  (a redirect or an error status, 3xx or 4xx), and returns no JSON result
  to either.
A portal user of no dealer may get a page of its own (the portal home, or
"this portal is for dealers"): the data check above is what proves it empty.
"""

import json
import re
import threading

from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_portal.tests.common_selfservice import DealerPortalSelfServiceHttpCommon

DEALER_MODULE = re.compile(r"^odoo\.addons\.dealer_\w+\.")
CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
FOREIGN_ID = "2147480000"


def _sample_url(rule, record_id=FOREIGN_ID):
    def fill(match):
        converter = match.group(1) or "default"
        return record_id if converter in ("int", "model") else "zz-not-a-real-value"

    return CONVERTER.sub(fill, rule.rule)


@tagged("post_install", "-at_install")
class TestDealerRouteSweep(DealerPortalSelfServiceHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env, login="sweep_outsider", password="sweep_outsider", groups="base.group_portal"
        )
        orders = cls.a_order | cls.a_submitted | cls.a_cart | cls.b_order
        invoices = cls.a_invoice | cls.b_invoice | cls.a_old_invoice | cls.a_refund
        # What the outsiders must never be shown.
        cls.dealer_data = [
            *(cls.dealer_a | cls.dealer_b).mapped("name"),
            *orders.mapped("name"),
            *orders.mapped("client_order_ref"),
            *invoices.mapped("name"),
            # The markup of a dealer price.
            'o_dealer_price"',
        ]
        cls.record_ids = [FOREIGN_ID, *(str(record.id) for record in (cls.a_order, cls.b_order, cls.a_invoice))]

    def _dealer_routes(self):
        routes = []
        # routing_map() reads the database name from the thread, as in a request.
        threading.current_thread().dbname = self.env.cr.dbname
        for rule in self.env["ir.http"].routing_map().iter_rules():
            original = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            if DEALER_MODULE.match(getattr(original, "__module__", "") or ""):
                routes.append((rule, rule.endpoint.routing))
        return routes

    def _call(self, rule, routing, record_id):
        url = _sample_url(rule, record_id)
        methods = set(routing.get("methods") or ["GET", "POST"]) - {"OPTIONS"}
        if routing["type"] == "json":
            payload = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}
            return url, self.url_open(url, data=json.dumps(payload), headers={"Content-Type": "application/json"})
        if "GET" in methods:
            return url, self.url_open(url, allow_redirects=False)
        return url, self.url_open(url, data={"csrf_token": "bogus"}, allow_redirects=False)

    def _assert_closed(self, who, pages_may_render=False):
        routes = self._dealer_routes()
        self.assertTrue(routes, "the dealer addons declare routes")
        for rule, routing in routes:
            for record_id in self.record_ids:
                with self.subTest(route=rule.rule, who=who, record_id=record_id):
                    url, response = self._call(rule, routing, record_id)
                    self.assertLess(response.status_code, 500, f"{who} got a server error on {url}")
                    shown = f"{response.headers.get('Location', '')} {response.text}"
                    leaked = [value for value in self.dealer_data if value in shown]
                    self.assertFalse(leaked, f"{who} was shown dealer data on {url}")
                    if routing["auth"] in ("public", "none"):
                        continue
                    if routing["type"] == "json":
                        self.assertFalse(response.json().get("result"), f"{who} got data from {url}")
                    elif not pages_may_render:
                        self.assertGreaterEqual(response.status_code, 300, f"{who} was served {url} ({rule.rule})")

    def test_anonymous_gets_nothing(self):
        self._assert_closed("anonymous")

    def test_portal_user_of_no_dealer_gets_nothing(self):
        self.authenticate("sweep_outsider", "sweep_outsider")
        self._assert_closed("a portal user of no dealer", pages_may_render=True)
