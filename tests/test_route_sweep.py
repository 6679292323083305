"""Every HTTP and JSON route of the dealer addons, called by someone who has
no business there: an anonymous visitor, and a portal user of a company that
is not a dealer. None may answer with a server error, and none may serve a
private page or data to them.
"""

import json
import re
import threading

from odoo.tests import HttpCase, new_test_user, tagged

DEALER_MODULE = re.compile(r"^odoo\.addons\.dealer_\w+\.")
CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
FOREIGN_ID = "2147480000"


def _sample_url(rule):
    def fill(match):
        converter = match.group(1) or "default"
        return FOREIGN_ID if converter in ("int", "model") else "zz-not-a-real-value"

    return CONVERTER.sub(fill, rule.rule)


@tagged("post_install", "-at_install")
class TestDealerRouteSweep(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env, login="sweep_outsider", password="sweep_outsider", groups="base.group_portal"
        )

    def _dealer_routes(self):
        routes = []
        # routing_map() reads the database name from the thread, as in a request.
        threading.current_thread().dbname = self.env.cr.dbname
        for rule in self.env["ir.http"].routing_map().iter_rules():
            original = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            if DEALER_MODULE.match(getattr(original, "__module__", "") or ""):
                routes.append((rule, rule.endpoint.routing))
        return routes

    def _call(self, rule, routing):
        url = _sample_url(rule)
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
            with self.subTest(route=rule.rule, who=who):
                url, response = self._call(rule, routing)
                self.assertLess(response.status_code, 500, f"{who} got a server error on {url}")
                if routing["auth"] in ("public", "none"):
                    continue
                if routing["type"] == "json":
                    body = response.json()
                    self.assertFalse(body.get("result"), f"{who} got data from {url}")
                elif response.status_code == 200 and not pages_may_render:
                    self.fail(f"{who} was served {url} ({rule.rule})")

    def test_anonymous_gets_nothing(self):
        self._assert_closed("anonymous")

    def test_portal_user_of_no_dealer_gets_nothing(self):
        self.authenticate("sweep_outsider", "sweep_outsider")
        # Pages may render (a customer sees its own documents, or is told the
        # portal is for dealers), but never a server error, and JSON endpoints
        # return no data.
        self._assert_closed("a portal user of no dealer", pages_may_render=True)
