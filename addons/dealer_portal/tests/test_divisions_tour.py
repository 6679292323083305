"""The switch between two divisions' domains in Chromium: sign in with the
password on Apex, switch to Voltline, order there. Tours keep their state
per origin, so the flow is two tours run in ONE browser (one cookie store):
the first on Apex's domain, the second started on Voltline's domain as soon
as the switch lands there, after its four hops (Apex's switch, Voltline's
begin and its nonce cookie, Apex's ticket, Voltline's enter): the browser's
own cookie policy (SameSite=Lax across the two sites) carries the nonce.
Nothing signs the browser in on Voltline's domain but the switch: the
second tour's first step checks the user is signed in."""

import json
from unittest.mock import patch
from urllib.parse import urlsplit

from odoo.tests import tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser

from .common_divisions import DealerDivisionHttpCommon

SUCCESS = "dealer division switch: submitted on Voltline"


@tagged("post_install", "-at_install", "is_tour")
class TestDivisionSwitchTour(DealerDivisionHttpCommon):
    def _division_hosts(self):
        return {urlsplit(f"http://{host}").hostname for host in (self.apex_host, self.volt_host)}

    def authenticate(self, user, password, browser: ChromeBrowser = None):
        """The browser gets the test's request key for both divisions'
        domains (never a session), and starts the Voltline tour when the
        switch lands on Voltline's domain."""
        session = super().authenticate(user, password, browser=browser)
        if browser:
            for hostname in self._division_hosts():
                browser.set_cookie(TEST_CURSOR_COOKIE_NAME, self.http_request_key, "/", hostname)
            options = json.dumps({"startUrl": "/my/catalog"})
            browser._websocket_request(
                "Page.addScriptToEvaluateOnNewDocument",
                params={
                    "source": f"""
                    if (location.host === {json.dumps(self.volt_host)}
                            && !localStorage.getItem("dealer_division_tour_started")) {{
                        const start = () => {{
                            if (!(window.odoo && odoo.isTourReady)) {{
                                return setTimeout(start, 50);
                            }}
                            odoo.isTourReady("dealer_division_switch_order").then(() => {{
                                localStorage.setItem("dealer_division_tour_started", "1");
                                odoo.startTour("dealer_division_switch_order", {options});
                            }});
                        }};
                        start();
                    }}
                    """
                },
            )
        return session

    def test_sign_in_on_apex_switch_to_voltline_and_order(self):
        hosts = self._division_hosts()
        continue_request = ChromeBrowser._handle_request_paused

        def handle_request_paused(browser, **params):
            # The test browser only lets requests to 127.0.0.1 through; the
            # divisions' domains are the same test server.
            if urlsplit(params["request"]["url"]).hostname in hosts:
                browser._websocket_send("Fetch.continueRequest", params={"requestId": params["requestId"]})
                return
            continue_request(browser, **params)

        tour_url = "/web/login?redirect=/my/catalog"
        with patch.object(ChromeBrowser, "_handle_request_paused", handle_request_paused):
            self.browser_js(
                f"http://{self.apex_host}{tour_url}",
                f"odoo.startTour('dealer_division_switch_sign_in', {json.dumps({'startUrl': tour_url})})",
                ready="odoo.isTourReady('dealer_division_switch_sign_in')",
                login=None,
                success_signal=SUCCESS,
                timeout=120,
            )
        ticket = self.env["dealer.division.ticket"].search([("user_id", "=", self.user_a_desk.id)])
        self.assertEqual(len(ticket), 1, "one switch, one ticket")
        self.assertTrue(ticket.used_at)
        self.assertEqual(ticket.website_id, self.website_volt)
        self.assertRegex(ticket.state_hash, "^[0-9a-f]{64}$", "bound to the browser's nonce")
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_a_desk.partner_id.id), ("client_order_ref", "=", "PO-VOLT-1")]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.website_id, self.website_volt)
        self.assertEqual(order.dealer_division_id, self.div_volt)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_id, self.p_drill)
        self.assertEqual(order.order_line.price_unit, 180.0)
