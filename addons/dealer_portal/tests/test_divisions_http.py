"""Divisions on the portal, over HTTP on each division's domain: the
dealer's terms per division, one login across its divisions (the switcher
and its one-time tickets, attacked), and the isolation of a division the
dealer's company does not trade with."""

import re
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from lxml import html

from odoo import Command, fields
from odoo.exceptions import AccessDenied
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_portal.models.dealer_division_ticket import TICKET_CREDENTIAL, _ticket_hash
from odoo.addons.dealer_portal.models.ir_http import _division_free

from .common_divisions import DealerDivisionHttpCommon

ROUTE_MODULE = re.compile(r"^odoo\.addons\.(dealer_\w+|website_sale\w*)\.")
CONVERTER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


@tagged("post_install", "-at_install")
class TestDivisionTerms(DealerDivisionHttpCommon):
    def _catalog_price(self, host, sku):
        """The dealer price the catalog of ``host`` shows for ``sku``."""
        tree = html.fromstring(self._url(f"/my/catalog?search={sku}", host).text)
        prices = tree.xpath(
            f"//*[contains(@class, 'o_dealer_catalog_item')][@data-sku='{sku}']"
            "//*[contains(concat(' ', @class, ' '), ' o_dealer_price ')]"
        )
        return " ".join(prices[0].text_content().split()) if prices else ""

    def test_same_sku_two_prices_each_the_back_office_price_of_its_division(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        apex_price = self._catalog_price(self.apex_host, "DC-DRILL")
        volt_price = self._catalog_price(self.volt_host, "DC-DRILL")
        self.assertIn("150.00", apex_price)
        self.assertIn("180.00", volt_price)
        # The back office quotes the same prices for the same division.
        salesman = new_test_user(
            self.env,
            login="dc_div_salesman",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        SaleOrder = self.env["sale.order"].with_user(salesman)
        for division, price in ((self.div_apex, 150.0), (self.div_volt, 180.0)):
            quotation = SaleOrder.create(
                {
                    "partner_id": self.dealer_a.id,
                    "dealer_division_id": division.id,
                    "order_line": [Command.create({"product_id": self.p_drill.id, "product_uom_qty": 1})],
                }
            )
            self.assertEqual(quotation.order_line.price_unit, price, division.name)

    def test_each_division_lists_its_own_catalog(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        apex = self._url("/my/catalog", self.apex_host).text
        volt = self._url("/my/catalog", self.volt_host).text
        self.assertIn('data-sku="DC-BOLT"', apex)
        self.assertNotIn('data-sku="DC-BOLT"', volt, "parts are not Voltline's")
        self.assertIn('data-sku="DC-SAW"', volt)
        shop = self._url("/shop", self.volt_host).text
        self.assertNotIn("DC Hex Bolt M8", shop)

    def test_cart_on_a_division_is_priced_and_guarded_by_its_terms(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        body = self._jsonrpc("/shop/cart/update_json", self.volt_host, {"product_id": self.p_drill.id, "add_qty": 2})
        self.assertFalse(body.get("error"), body)
        cart = self.env["sale.order"].search(
            [("partner_id", "=", self.user_a_desk.partner_id.id), ("state", "=", "draft")]
        )
        self.assertEqual(cart.website_id, self.website_volt)
        self.assertEqual(cart.dealer_division_id, self.div_volt, "a website order's division is its website's")
        self.assertEqual(cart.order_line.price_unit, 180.0)
        # Parts are sold by Apex only: refused in Voltline's cart.
        body = self._jsonrpc("/shop/cart/update_json", self.volt_host, {"product_id": self.p_bolt.id, "add_qty": 20})
        self.assertNotIn(self.p_bolt, cart.order_line.product_id)
        # Quick order on Voltline: the same rule.
        response = self._post_form("/my/quick-order/add", self.volt_host, {"lines": "DC-BOLT 20\nDC-SAW 1"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(set(cart.order_line.product_id.mapped("default_code")), {"DC-DRILL", "DC-SAW"})

    def test_quick_search_json_answers_the_division_catalog(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        apex = self._jsonrpc("/my/quick-order/search", self.apex_host, {"term": "DC-"})["result"]
        volt = self._jsonrpc("/my/quick-order/search", self.volt_host, {"term": "DC-"})["result"]
        self.assertIn("DC-BOLT", {r["sku"] for r in apex})
        self.assertNotIn("DC-BOLT", {r["sku"] for r in volt})


@tagged("post_install", "-at_install")
class TestDivisionSwitch(DealerDivisionHttpCommon):
    def _enter(self, location, host=None):
        """Follow a switch location in a browser that has no session (the
        other domain's cookies): the response of the ticket's route."""
        parts = urlsplit(location)
        self._drop_session()
        return self._url(f"{parts.path}?{parts.query}", host or parts.netloc)

    def _ticket(self, location):
        return re.search(r"ticket=([^&]+)", location).group(1)

    def test_switcher_lists_only_trading_divisions(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        html = self._url("/my/catalog", self.apex_host).text
        self.assertIn("o_dealer_division_switcher", html)
        self.assertIn(f'data-website-id="{self.website_volt.id}"', html)
        self.assertIn("DC Voltline", html)
        self.assertNotIn(f'data-website-id="{self.website_other.id}"', html, "nobody trades with the orphan")
        self.assertNotIn("DC Orphan Brand", html)
        # A dealer of one division has nothing to switch to.
        self.authenticate("dc_b_desk", "dc_b_desk")
        html = self._url("/my/catalog", self.apex_host).text
        self.assertNotIn("o_dealer_division_switcher", html)

    def test_switch_signs_in_on_the_other_domain_without_a_password(self):
        location = self._switch_location(self.website_volt, self.apex_host, login="dc_a_desk")
        self.assertTrue(location.startswith(f"http://{self.volt_host}/dealer/division/enter?"), location)
        token = self._ticket(location)
        ticket = self.env["dealer.division.ticket"].search([("user_id", "=", self.user_a_desk.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.token_hash, _ticket_hash(token), "only the hash is stored")
        self.assertNotEqual(ticket.token_hash, token)
        self.assertLessEqual(ticket.expires_at, fields.Datetime.now() + timedelta(seconds=61))

        response = self._enter(location)
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/my/catalog")
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        self.assertEqual(self._signed_in_as(self.volt_host), self.user_a_desk)
        self.assertTrue(ticket.used_at)
        catalog = self._url("/my/catalog", self.volt_host)
        self.assertEqual(catalog.status_code, 200)
        self.assertIn("o_dealer_division_current", catalog.text)

    def test_replayed_ticket_is_refused(self):
        location = self._switch_location(self.website_volt, self.apex_host, login="dc_a_desk")
        self._enter(location)
        self.assertEqual(self._signed_in_as(self.volt_host), self.user_a_desk)
        response = self._enter(location)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertIsNone(self._signed_in_as(self.volt_host), "a replayed ticket signs nobody in")

    def test_expired_ticket_is_refused(self):
        location = self._switch_location(self.website_volt, self.apex_host, login="dc_a_desk")
        ticket = self.env["dealer.division.ticket"].search([("token_hash", "=", _ticket_hash(self._ticket(location)))])
        ticket.expires_at = fields.Datetime.now() - timedelta(seconds=1)
        response = self._enter(location)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertIsNone(self._signed_in_as(self.volt_host))

    def test_ticket_for_another_website_is_refused(self):
        location = self._switch_location(self.website_volt, self.apex_host, login="dc_a_desk")
        # Presented on Apex's domain (or the orphan's) instead of Voltline's.
        for host in (self.apex_host, f"dc-orphan.localhost:{self.http_port()}"):
            response = self._enter(location, host=host)
            self.assertIn("/web/login", response.headers["Location"])
            self.assertIsNone(self._signed_in_as(host))

    def test_ticket_for_another_user_is_refused(self):
        location = self._switch_location(self.website_volt, self.apex_host, login="dc_a_desk")
        token = self._ticket(location)
        # The credential names no user: the ticket does. Checked as another
        # user (a dealer of Voltline's other company, or A's colleague), it
        # is refused.
        for user in (self.user_a_desk2, self.user_b_desk):
            with self.assertRaises(AccessDenied):
                user.with_user(user)._check_credentials(
                    {"type": TICKET_CREDENTIAL, "token": token}, {"HTTP_HOST": self.volt_host}
                )
        # Whoever posts it over HTTP is signed in as the ticket's own user, once.
        response = self._enter(location)
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/my/catalog")
        self.assertEqual(self._signed_in_as(self.volt_host), self.user_a_desk)

    def test_switching_to_a_division_the_company_does_not_trade_with_is_refused(self):
        Ticket = self.env["dealer.division.ticket"]
        self.authenticate("dc_b_desk", "dc_b_desk")
        for website_id in (self.website_volt.id, self.website_other.id, 2147480000, "x"):
            response = self._post_form("/dealer/division/switch", self.apex_host, {"website_id": website_id})
            self.assertEqual(urlsplit(response.headers["Location"]).path, "/my", website_id)
        self.assertFalse(Ticket.search([("user_id", "=", self.user_b_desk.id)]))
        # A ticket issued before the terms ended signs nobody in after.
        location = self._switch_location(self.website_volt, self.apex_host, login="dc_a_desk")
        self.env["dealer.terms"].search([("partner_id", "=", self.dealer_a.id)]).active = False
        response = self._enter(location)
        self.assertIn("/web/login", response.headers["Location"])

    def test_switch_redirect_stays_on_the_target_site(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        response = self._post_form(
            "/dealer/division/switch",
            self.apex_host,
            {"website_id": self.website_volt.id, "redirect": "//evil.example/x"},
        )
        location = response.headers["Location"]
        response = self._enter(location)
        self.assertEqual(response.headers["Location"].split(self.volt_host)[-1], "/my/catalog")


@tagged("post_install", "-at_install")
class TestDivisionIsolation(DealerDivisionHttpCommon):
    """Dealer B trades with Apex only: on Voltline's domain it is refused on
    every website route (enumerated from the routing map, so a new route is
    covered) and JSON endpoint, its account stays reachable, and an order
    against Voltline's terms is blocked by the pipeline."""

    def _website_routes(self):
        threading.current_thread().dbname = self.env.cr.dbname
        routes = []
        for rule in self.env["ir.http"].routing_map().iter_rules():
            routing = rule.endpoint.routing
            original = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            if not routing.get("website") or not ROUTE_MODULE.match(getattr(original, "__module__", "") or ""):
                continue
            routes.append((rule, routing))
        return routes

    def _sample_url(self, rule):
        def fill(match):
            converter, args = match.group(1) or "default", match.group(2) or ""
            if converter == "model":
                model = args.strip("'\"")
                samples = {
                    "product.template": self.p_drill.product_tmpl_id.id,
                    "product.pricelist": self.pl_silver.id,
                    "res.country": self.env.ref("base.be").id,
                }
                return str(samples.get(model) or 1)
            if converter == "int":
                return "1"
            return "x"

        return CONVERTER.sub(fill, rule.rule)

    def test_every_route_refuses_a_dealer_of_another_division(self):
        routes = self._website_routes()
        self.assertGreater(len(routes), 30, "the shop and the dealer routes are enumerated")
        self.authenticate("dc_b_desk", "dc_b_desk")
        gated = 0
        for rule, routing in routes:
            url = self._sample_url(rule)
            if _division_free(url.split("?")[0]):
                continue
            gated += 1
            with self.subTest(route=rule.rule):
                if routing["type"] == "json":
                    body = self._jsonrpc(url, self.volt_host, {})
                    self.assertFalse(body.get("result"), url)
                    self.assertIn("does not buy from", str(body.get("error")), url)
                    continue
                methods = set(routing.get("methods") or ["GET", "POST"])
                response = (
                    self._url(url, self.volt_host) if "GET" in methods else self._post_form(url, self.volt_host, {})
                )
                if response.status_code in (301, 302, 303, 307, 308):
                    # Legacy routes (/shop/product/<id>) redirect to the
                    # current one: refused there.
                    location = urlsplit(response.headers["Location"])
                    self.assertIn(location.netloc, ("", self.volt_host), url)
                    response = self._url(f"{location.path}?{location.query}", self.volt_host)
                self.assertEqual(response.status_code, 403, url)
                self.assertIn("DC Beta Hardware does not buy from DC Voltline.", response.text, url)
                self.assertNotIn("o_dealer_price", response.text)
                self.assertIn(f'data-website-id="{self.website.id}"', response.text, "a way to its own division")
        self.assertGreater(gated, 30)

    def test_account_pages_stay_reachable(self):
        self.authenticate("dc_b_admin", "dc_b_admin")
        for path in ("/my", "/my/dealer/orders", "/my/documents", "/my/dealer/account"):
            with self.subTest(path=path):
                response = self._url(path, self.volt_host)
                self.assertEqual(response.status_code, 200, path)
                self.assertNotIn("does not buy from", response.text)

    def test_dealer_of_both_divisions_is_not_refused(self):
        self.authenticate("dc_a_desk", "dc_a_desk")
        for host in (self.apex_host, self.volt_host):
            response = self._url("/my/catalog", host)
            self.assertEqual(response.status_code, 200, host)
        response = self._url("/my/catalog", f"dc-orphan.localhost:{self.http_port()}")
        self.assertEqual(response.status_code, 403)
        self.assertIn("DC Alpha Tools Ltd does not buy from DC Orphan Brand.", response.text)

    def test_pipeline_blocks_an_order_against_a_division_not_traded_with(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.user_b_desk.partner_id.id,
                "dealer_division_id": self.div_volt.id,
                "website_id": self.website_volt.id,
                "order_line": [Command.create({"product_id": self.p_drill.id, "product_uom_qty": 1})],
            }
        )
        result = order.with_user(self.user_b_desk).sudo().action_dealer_submit(channel="portal")
        self.assertEqual(result["outcome"], "blocked")
        self.assertNotEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestDivisionPages(DealerDivisionHttpCommon):
    """History, documents and account of a division's portal: the current
    division's by default, all divisions on request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = {}
        for division, website in ((cls.div_apex, cls.website), (cls.div_volt, cls.website_volt)):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.user_a_desk.partner_id.id,
                    "website_id": website.id,
                    "client_order_ref": f"PO-{division.code}",
                    "order_line": [Command.create({"product_id": cls.p_drill.id, "product_uom_qty": 1})],
                }
            )
            assert order.dealer_division_id == division
            result = order.with_user(cls.user_a_desk).sudo().action_dealer_submit(channel="portal")
            assert result["outcome"] == "confirmed", result
            order._dealer_run_fulfilment()
            cls.orders[division] = order

    def test_history_shows_the_current_division_and_all_divisions_beside(self):
        apex, volt = self.orders[self.div_apex], self.orders[self.div_volt]
        self.authenticate("dc_a_admin", "dc_a_admin")
        page = self._url("/my/dealer/orders", self.volt_host).text
        self.assertIn(volt.name, page)
        self.assertNotIn(apex.name, page)
        self.assertIn("o_dealer_division_scope", page)
        page = self._url("/my/dealer/orders?divisions=all", self.volt_host).text
        self.assertIn(volt.name, page)
        self.assertIn(apex.name, page)
        export = self._url("/my/dealer/orders/export", self.apex_host).text
        self.assertIn(apex.name, export)
        self.assertNotIn(volt.name, export)

    def test_documents_show_the_current_division_and_all_divisions_beside(self):
        apex, volt = self.orders[self.div_apex], self.orders[self.div_volt]
        self.assertTrue(apex.picking_ids and volt.picking_ids)
        self.authenticate("dc_a_admin", "dc_a_admin")
        page = self._url("/my/documents?doc_type=delivery", self.apex_host).text
        self.assertIn(apex.picking_ids.name, page)
        self.assertNotIn(volt.picking_ids.name, page)
        page = self._url("/my/documents?doc_type=delivery&divisions=all", self.apex_host).text
        self.assertIn(apex.picking_ids.name, page)
        self.assertIn(volt.picking_ids.name, page)

    def test_account_shows_the_credit_per_company_under_all_divisions(self):
        self.authenticate("dc_a_admin", "dc_a_admin")
        page = self._url("/my/dealer/account", self.apex_host).text
        self.assertNotIn("o_dealer_credit_by_company", page)
        page = self._url("/my/dealer/account?divisions=all", self.apex_host).text
        self.assertIn("o_dealer_credit_by_company", page)
        self.assertIn(f'data-company-id="{self.company.id}"', page)
        self.assertIn("DC Apex Brakes, DC Voltline", page)
