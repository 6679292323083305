"""Hostile input over HTTP, sent the way a browser or a script would: never a
500, never an unbounded request."""

import time

from odoo import http
from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestIntakeHostileHttp(DealerPortalHttpCommon):
    def url_open(self, url, data=None, files=None, timeout=60, **kwargs):
        # A shared, loaded test machine: allow more than the default 12 s.
        return super().url_open(url, data=data, files=files, timeout=timeout, **kwargs)

    def test_quick_order_search_with_a_non_numeric_limit(self):
        self.authenticate(self.user_a_desk.login, self.user_a_desk.login)
        for limit in ("abc", "", None, "1.5", [3], {"x": 1}, "1e9", -5, 10**30):
            result = self.make_jsonrpc_request("/my/quick-order/search", {"term": "DC-DRI", "limit": limit})
            self.assertEqual([r["sku"] for r in result], ["DC-DRILL"], repr(limit))
        result = self.make_jsonrpc_request("/my/quick-order/search", {"term": "DC-", "limit": "2"})
        self.assertEqual(len(result), 2)
        result = self.make_jsonrpc_request("/my/quick-order/search", {"term": ["DC-"], "limit": 5})
        self.assertEqual(result, [], "a term that is not text finds nothing")

    def test_pasting_a_32000_character_line(self):
        self.authenticate(self.user_a_desk.login, self.user_a_desk.login)
        lines = "DC-DRILL 2\n" + "A" + " " * 32000 + "B"
        start = time.perf_counter()
        res = self.url_open(
            "/my/quick-order/add",
            data={"lines": lines, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        elapsed = time.perf_counter() - start
        self.assertEqual(res.status_code, 303)
        self.assertLess(elapsed, 5.0, f"the paste took {elapsed:.2f} s")
        page = self.url_open("/my/quick-order").text
        self.assertIn("Line too long", page)
        cart = self.env["sale.order"].search(
            [("partner_id", "=", self.user_a_desk.partner_id.id), ("state", "=", "draft")], limit=1
        )
        self.assertEqual(cart.order_line.product_id, self.p_drill, "the good line still goes in")
