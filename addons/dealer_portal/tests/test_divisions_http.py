"""Divisions on the portal, over HTTP on each division's domain: the
dealer's terms per division, one login across its divisions (the switcher,
its one-time tickets and the browser they are bound to, attacked), and the
isolation of a division the dealer's company does not trade with."""

import re
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from lxml import html

from odoo import Command, fields
from odoo.exceptions import AccessDenied
from odoo.tests import new_test_user, tagged

from odoo.addons.dealer_portal.models.dealer_division_ticket import (
    NONCE_COOKIE,
    NONCE_COOKIE_PATH,
    TICKET_CREDENTIAL,
    _ticket_hash,
)
from odoo.addons.dealer_portal.models.ir_http import _division_free

from .common_divisions import DealerDivisionHttpCommon, DivisionBrowser

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
    """The switch replayed hop by hop, each hop with the cookies its domain
    has in that browser (``DivisionBrowser``): Apex's ``switch``, Voltline's
    ``begin`` (the nonce cookie), Apex's ``ticket``, Voltline's ``enter``;
    then attacked as somebody would, from another browser or with forged
    hops."""

    def _switch_to_enter(self, login, browser=None, target=None, redirect=None):
        """In ``browser`` (a new one by default), sign ``login`` in on Apex,
        post the switcher for ``target`` (Voltline) and follow the redirects
        hop by hop up to the URL of the ``enter`` route, not opened:
        (browser, that URL)."""
        browser = browser or DivisionBrowser(self)
        browser.sign_in(self.apex_host, login)
        data = {"website_id": (target or self.website_volt).id}
        if redirect:
            data["redirect"] = redirect
        response = browser.open(f"http://{self.apex_host}/dealer/division/switch", data=data)
        response, enter_url = browser.follow(response, until="/dealer/division/enter")
        self.assertTrue(enter_url, f"no ticket: {response.status_code} {response.headers.get('Location')}")
        return browser, enter_url

    def _parse(self, url):
        """(host, path, {parameter: value}) of ``url``."""
        parts = urlsplit(url)
        return parts.netloc, parts.path, {key: values[-1] for key, values in parse_qs(parts.query).items()}

    def _with_query(self, url, **params):
        """``url`` with ``params`` replacing its query's parameters of the same names."""
        parts = urlsplit(url)
        return urlunsplit(parts._replace(query=urlencode(self._parse(url)[2] | params)))

    def _ticket(self, enter_url):
        """The raw token of an ``enter`` URL."""
        return self._parse(enter_url)[2]["ticket"]

    def _ticket_row(self, enter_url):
        return self.env["dealer.division.ticket"].search([("token_hash", "=", _ticket_hash(self._ticket(enter_url)))])

    def _nonce(self, browser, host=None):
        cookie = browser.cookies(host or self.volt_host).get(NONCE_COOKIE)
        return cookie.value if cookie else None

    def _begin_url(self, source=None, redirect=None):
        """Voltline's ``begin``, as Apex's switcher (or ``source``'s) sends there."""
        query = {"website_id": (source or self.website).id}
        if redirect:
            query["redirect"] = redirect
        return f"http://{self.volt_host}/dealer/division/begin?{urlencode(query)}"

    def _assert_refused(self, response, browser, host=None, path="/my/catalog"):
        """``response`` of ``enter`` sends to the login page (then ``path``)
        and nobody is signed in on ``host`` in ``browser``."""
        __, location, query = self._parse(response.headers["Location"])
        self.assertEqual((location, query.get("redirect")), ("/web/login", path))
        shown = self._signed_in_as(host or self.volt_host, browser)
        self.assertIsNone(shown, f"signed in as {getattr(shown, 'login', shown)}")

    def _cookie_attributes(self, response, name):
        """The attributes (lower case, without the value) of the one cookie ``name`` that ``response`` sets."""
        headers = [h for h in response.raw.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
        self.assertEqual(len(headers), 1, headers)
        return {attribute.strip().lower() for attribute in headers[0].split(";")[1:]}

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
        Ticket = self.env["dealer.division.ticket"]
        browser = DivisionBrowser(self).sign_in(self.apex_host, "dc_a_desk")
        # 1. Apex: the switcher's form sends to Voltline's begin; no ticket yet.
        response = browser.open(f"http://{self.apex_host}/dealer/division/switch", {"website_id": self.website_volt.id})
        begin_url = browser.location(response)
        self.assertEqual(
            self._parse(begin_url),
            (self.volt_host, "/dealer/division/begin", {"website_id": str(self.website.id), "redirect": "/my/catalog"}),
        )
        self.assertFalse(Ticket.search([("user_id", "=", self.user_a_desk.id)]))
        # 2. Voltline: a nonce in a cookie of its own, its hash to Apex.
        response = browser.open(begin_url)
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        attributes = self._cookie_attributes(response, NONCE_COOKIE)
        self.assertLessEqual({"path=/dealer/division", "httponly", "samesite=lax", "max-age=120"}, attributes)
        self.assertNotIn("secure", attributes, "plain HTTP here: Secure only over HTTPS")
        nonce = self._nonce(browser)
        self.assertTrue(nonce)
        self.assertFalse(self._nonce(browser, self.apex_host), "Apex never sees the nonce")
        ticket_url = browser.location(response)
        query = {"state": _ticket_hash(nonce), "website_id": str(self.website_volt.id), "redirect": "/my/catalog"}
        self.assertEqual(self._parse(ticket_url), (self.apex_host, "/dealer/division/ticket", query))
        # 3. Apex: a ticket of the signed-in user, bound to Voltline and that state.
        response = browser.open(ticket_url)
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        enter_url = browser.location(response)
        self.assertEqual(self._parse(enter_url)[:2], (self.volt_host, "/dealer/division/enter"))
        token = self._ticket(enter_url)
        ticket = Ticket.search([("user_id", "=", self.user_a_desk.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.website_id, self.website_volt)
        self.assertEqual(ticket.token_hash, _ticket_hash(token), "only hashes are stored")
        self.assertEqual(ticket.state_hash, _ticket_hash(nonce))
        stored = ticket.read(["token_hash", "state_hash"])[0]
        self.assertFalse({token, nonce} & set(stored.values()))
        self.assertLessEqual(ticket.expires_at, fields.Datetime.now() + timedelta(seconds=61))
        # 4. Voltline: signed in with the ticket and the cookie, once.
        response = browser.open(enter_url)
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/my/catalog")
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        self.assertFalse(self._nonce(browser), "the nonce cookie is deleted")
        self.assertTrue(ticket.used_at)
        self.assertEqual(self._signed_in_as(self.volt_host, browser), self.user_a_desk)
        catalog = browser.open(f"http://{self.volt_host}/my/catalog")
        self.assertEqual(catalog.status_code, 200)
        self.assertIn("o_dealer_division_current", catalog.text)
        self.assertEqual(
            [urlsplit(url)[1:3] for url, __ in browser.hops[:4]],
            [
                (self.apex_host, "/dealer/division/switch"),
                (self.volt_host, "/dealer/division/begin"),
                (self.apex_host, "/dealer/division/ticket"),
                (self.volt_host, "/dealer/division/enter"),
            ],
        )

    def test_login_csrf_attackers_ticket_signs_nobody_in_in_the_victims_browser(self):
        """The attacker runs the switch in its own browser up to the ticket
        and sends the victim to its ``enter`` URL: the victim's browser holds
        no nonce of the attacker's, so nobody is signed in there, and the
        exposed ticket is burnt."""
        # A victim that never visited Voltline: no cookies there.
        attacker, enter_url = self._switch_to_enter("dc_a_desk2")
        victim = DivisionBrowser(self)
        response = victim.open(enter_url)
        shown = self._signed_in_as(self.volt_host, victim)
        self.assertIsNone(shown, f"the victim's browser is signed in as {getattr(shown, 'login', shown)}")
        self._assert_refused(response, victim)
        self.assertTrue(self._ticket_row(enter_url).used_at, "the exposed ticket is burnt")
        self._assert_refused(attacker.open(enter_url), attacker)
        # A victim signed in on Voltline as itself, which just began a switch
        # of its own (a nonce cookie of its own there): it stays itself.
        __, enter_url = self._switch_to_enter("dc_a_desk2")
        victim = DivisionBrowser(self).sign_in(self.volt_host, "dc_a_desk")
        self.assertIn(victim.open(self._begin_url()).status_code, (302, 303))
        self.assertTrue(self._nonce(victim))
        response = victim.open(enter_url)
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/web/login")
        self.assertEqual(self._signed_in_as(self.volt_host, victim), self.user_a_desk, "the victim stays itself")

    def test_ticket_lifted_from_a_url_is_refused_in_another_browser(self):
        """A ticket read from a log or a browser history, replayed within its
        minute from another browser (without the cookie of the browser that
        asked for it, with or without a nonce of its own): refused, and burnt
        for its owner too."""
        for own_nonce in (False, True):
            with self.subTest(own_nonce=own_nonce):
                owner, enter_url = self._switch_to_enter("dc_a_desk")
                thief = DivisionBrowser(self)
                if own_nonce:
                    thief.open(self._begin_url())
                    self.assertTrue(self._nonce(thief))
                self._assert_refused(thief.open(enter_url), thief)
                self.assertTrue(self._ticket_row(enter_url).used_at)
                self._assert_refused(owner.open(enter_url), owner)

    def test_missing_or_forged_state_issues_no_usable_ticket(self):
        """Apex's ticket route is a GET anybody can send a signed-in user to,
        with any state: none or a malformed one issues no ticket, a forged one
        a ticket that signs nobody in."""
        Ticket = self.env["dealer.division.ticket"]
        browser = DivisionBrowser(self).sign_in(self.apex_host, "dc_a_desk")
        ticket_url = f"http://{self.apex_host}/dealer/division/ticket"
        # No state, or none that is a SHA-256: no ticket at all.
        for state in (None, "", "x", _ticket_hash("n").upper(), _ticket_hash("n") + "0", _ticket_hash("n")[:-1]):
            with self.subTest(state=state):
                query = {"website_id": self.website_volt.id} | ({"state": state} if state is not None else {})
                response = browser.open(f"{ticket_url}?{urlencode(query)}")
                self.assertEqual(urlsplit(browser.location(response)).path, "/my")
                self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
        self.assertFalse(Ticket.search([("user_id", "=", self.user_a_desk.id)]))
        # A well-formed state that is not the hash of this browser's nonce:
        # the user's own ticket, never usable, burnt at the first try. Asked
        # for without begin (no cookie: the hash of an empty string matches
        # nothing), or with a nonce of this browser's own begin.
        for forged, begin in (("", False), ("a nonce of somebody else's", False), ("not this browser's", True)):
            with self.subTest(forged=forged):
                if begin:
                    browser.open(self._begin_url())
                    self.assertTrue(self._nonce(browser))
                query = urlencode({"state": _ticket_hash(forged), "website_id": self.website_volt.id})
                enter_url = browser.location(browser.open(f"{ticket_url}?{query}"))
                self.assertEqual(self._parse(enter_url)[:2], (self.volt_host, "/dealer/division/enter"))
                self.assertEqual(self._ticket_row(enter_url).state_hash, _ticket_hash(forged))
                self._assert_refused(browser.open(enter_url), browser)
                self.assertTrue(self._ticket_row(enter_url).used_at)
        # The attacker's own ticket for the empty nonce's hash, sent to a
        # victim without the cookie: nobody is signed in.
        attacker = DivisionBrowser(self).sign_in(self.apex_host, "dc_a_desk2")
        query = urlencode({"state": _ticket_hash(""), "website_id": self.website_volt.id})
        enter_url = attacker.location(attacker.open(f"{ticket_url}?{query}"))
        victim = DivisionBrowser(self)
        self._assert_refused(victim.open(enter_url), victim)

    def test_replayed_ticket_is_refused(self):
        browser, enter_url = self._switch_to_enter("dc_a_desk")
        nonce = self._nonce(browser)
        browser.open(enter_url)
        self.assertEqual(self._signed_in_as(self.volt_host, browser), self.user_a_desk)
        # Replayed with everything the first browser had: its nonce too.
        thief = DivisionBrowser(self)
        thief.set_cookie(self.volt_host, NONCE_COOKIE, nonce, path=NONCE_COOKIE_PATH)
        self._assert_refused(thief.open(enter_url), thief)

    def test_expired_ticket_is_refused(self):
        browser, enter_url = self._switch_to_enter("dc_a_desk")
        self._ticket_row(enter_url).expires_at = fields.Datetime.now() - timedelta(seconds=1)
        self.assertTrue(self._nonce(browser))
        self._assert_refused(browser.open(enter_url), browser)

    def test_ticket_for_another_website_is_refused(self):
        # Presented on Apex's domain (or the orphan's) instead of Voltline's,
        # by a browser that holds the right nonce there.
        for host in (self.apex_host, f"dc-orphan.localhost:{self.http_port()}"):
            with self.subTest(host=host):
                browser, enter_url = self._switch_to_enter("dc_a_desk")
                elsewhere = DivisionBrowser(self)
                elsewhere.set_cookie(host, NONCE_COOKIE, self._nonce(browser), path=NONCE_COOKIE_PATH)
                wrong_url = urlunsplit(urlsplit(enter_url)._replace(netloc=host))
                self._assert_refused(elsewhere.open(wrong_url), elsewhere, host=host)
                self.assertTrue(self._ticket_row(enter_url).used_at, "shown on a wrong website, it is burnt")

    def test_ticket_for_another_user_is_refused(self):
        browser, enter_url = self._switch_to_enter("dc_a_desk")
        token, nonce = self._ticket(enter_url), self._nonce(browser)
        # The credential names no user: the ticket does. Checked as another
        # user (a dealer of Voltline's other company, or A's colleague), with
        # the right nonce, it is refused.
        for user in (self.user_a_desk2, self.user_b_desk):
            with self.assertRaises(AccessDenied):
                user.with_user(user)._check_credentials(
                    {"type": TICKET_CREDENTIAL, "token": token, "nonce": nonce}, {"HTTP_HOST": self.volt_host}
                )
        # The browser that asked for it is signed in as the ticket's own user, once.
        response = browser.open(enter_url)
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/my/catalog")
        self.assertEqual(self._signed_in_as(self.volt_host, browser), self.user_a_desk)

    def test_switching_to_a_division_the_company_does_not_trade_with_is_refused(self):
        Ticket = self.env["dealer.division.ticket"]
        browser = DivisionBrowser(self).sign_in(self.apex_host, "dc_b_desk")
        for website_id in (self.website_volt.id, self.website_other.id, 2147480000, 99999999999, "x"):
            with self.subTest(website_id=website_id):
                response = browser.open(f"http://{self.apex_host}/dealer/division/switch", {"website_id": website_id})
                self.assertEqual(urlsplit(browser.location(response)).path, "/my")
        # Forging the later hops instead: Voltline's begin gives a state,
        # Apex's ticket route refuses the division (or a forged website id).
        ticket_url = browser.location(browser.open(self._begin_url()))
        for website_id in (self.website_volt.id, self.website_other.id, 2147480000, "x"):
            with self.subTest(website_id=website_id):
                response = browser.open(self._with_query(ticket_url, website_id=website_id))
                self.assertEqual(urlsplit(browser.location(response)).path, "/my")
        self.assertFalse(Ticket.search([("user_id", "=", self.user_b_desk.id)]))
        # A ticket issued before the terms ended signs nobody in after.
        browser, enter_url = self._switch_to_enter("dc_a_desk")
        self.env["dealer.terms"].search([("partner_id", "=", self.dealer_a.id)]).active = False
        self._assert_refused(browser.open(enter_url), browser)

    def test_switch_redirect_stays_on_the_target_site(self):
        for evil in ("//evil.example/x", "https://evil.example/x", "/\\evil.example"):
            with self.subTest(redirect=evil):
                browser, enter_url = self._switch_to_enter("dc_a_desk", redirect=evil)
                response = browser.open(enter_url)
                self.assertEqual(browser.location(response), f"http://{self.volt_host}/my/catalog")
        # Every hop's next address comes from its website's own record:
        # parameters name a website and a path, never a host.
        browser = DivisionBrowser(self).sign_in(self.apex_host, "dc_a_desk")
        response = browser.open(self._begin_url(redirect="//evil.example/x") + "&host=evil.example")
        ticket_url = browser.location(response)
        host, path, query = self._parse(ticket_url)
        self.assertEqual((host, path, query["redirect"]), (self.apex_host, "/dealer/division/ticket", "/my/catalog"))
        enter_url = browser.location(browser.open(self._with_query(ticket_url, redirect="https://evil.example")))
        host, path, query = self._parse(enter_url)
        self.assertEqual((host, path, query["redirect"]), (self.volt_host, "/dealer/division/enter", "/my/catalog"))
        # Begun from no division's website (or none): to the login page, no nonce.
        plain = self.env["website"].create(
            {"name": "DC Plain", "domain": f"http://dc-plain.localhost:{self.http_port()}"}
        )
        for source_id in (plain.id, 0, 99999999999, "x"):
            with self.subTest(source=source_id):
                browser = DivisionBrowser(self)
                url = f"http://{self.volt_host}/dealer/division/begin?website_id={source_id}&redirect=/my/orders"
                response = browser.open(url)
                self.assertEqual(
                    self._parse(browser.location(response)), (self.volt_host, "/web/login", {"redirect": "/my/orders"})
                )
                self.assertFalse(self._nonce(browser))


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
