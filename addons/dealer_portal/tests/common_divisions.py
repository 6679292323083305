"""Fixture of the division tests: the portal layer plus two divisions of the
fixture company, each the portal of its own website on its own domain.

- Apex (``cls.div_apex``, website ``cls.website``, the portal layer's) sells
  the whole storefront catalog; Voltline (``cls.div_volt``, a second website)
  sells tools only.
- Dealer A trades with both: Gold in Apex (its own tier, a tier of Apex) and
  Silver in Voltline (a terms row). Same SKU, two prices: the drill is 150
  in Apex and 180 in Voltline.
- Dealer B trades with Apex only (its own tier is an Apex tier).

Domains are ``dc-apex.localhost`` and ``dc-volt.localhost`` on the test
server's port: HTTP tests call 127.0.0.1 with a ``Host`` header, browsers
(Chromium resolves ``*.localhost`` to the loopback) open them directly.
"""

import json
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from odoo import Command, http
from odoo.tests import HOST
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, Opener

from .common import DealerPortalHttpCommon


class DivisionBrowser:
    """One browser of an HTTP test. It keeps its cookies per host, as a
    browser keeps them per domain (one opener per host), sends each request
    to the test server with its host's ``Host`` header and follows redirects
    only when asked, hop by hop, each hop with its own host's cookies."""

    def __init__(self, case):
        self.case = case
        self.openers = {}
        self.sids = {}
        self.hops = []

    def _opener(self, host):
        if host not in self.openers:
            opener = Opener(self.case.cr)
            opener.cookies.set(TEST_CURSOR_COOKIE_NAME, self.case.http_request_key)
            self.openers[host] = opener
        return self.openers[host]

    def cookies(self, host):
        """{name: cookie} this browser keeps for ``host``."""
        return {cookie.name: cookie for cookie in self._opener(host).cookies}

    def sign_in(self, host, login):
        """A session of ``login`` (password = login) for this browser on ``host``."""
        # HttpCase.authenticate deletes the test's previous session: another browser may still hold it.
        self.case.session = None
        session = self.case.authenticate(login, login)
        self.set_cookie(host, "session_id", session.sid)
        self.sids[host] = session.sid
        return self

    def set_cookie(self, host, name, value, path="/"):
        """Give this browser the cookie ``name`` on ``host`` as the server
        would set it (for the host name: the server's next one replaces it)."""
        self._opener(host).cookies.set(name, value, domain=urlsplit(f"http://{host}").hostname, path=path)

    def open(self, url, data=None):
        """GET the absolute ``url``, or POST the form ``data`` (with the CSRF
        token of the session this browser got on the host from
        ``sign_in``); redirects are not followed."""
        parts = urlsplit(url)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        if data is not None:
            holder = SimpleNamespace(session=SimpleNamespace(sid=self.sids.get(parts.netloc)), env=self.case.env)
            data = dict(data, csrf_token=http.Request.csrf_token(holder))
        response = self._opener(parts.netloc).request(
            "GET" if data is None else "POST",
            f"http://{HOST}:{self.case.http_port()}{path}",
            data=data,
            headers={"Host": parts.netloc},
            allow_redirects=False,
            timeout=12,
        )
        response.dealer_url = url
        self.hops.append((url, response))
        return response

    def location(self, response):
        """The absolute URL ``response`` redirects to."""
        return urljoin(response.dealer_url, response.headers["Location"])

    def follow(self, response, until=None):
        """Open the redirects of ``response`` one after the other, as the
        browser does; stop before the first URL whose path is ``until``.
        Returns the last response opened and that URL (None when the chain
        ended on a page)."""
        while response.is_redirect:
            url = self.location(response)
            if until and urlsplit(url).path == until:
                return response, url
            response = self.open(url)
        return response, None


class DealerDivisionHttpCommon(DealerPortalHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer_division_data()

    @classmethod
    def _setup_dealer_division_data(cls):
        env = cls.env
        port = cls.http_port()
        cls.apex_host = f"dc-apex.localhost:{port}"
        cls.volt_host = f"dc-volt.localhost:{port}"
        Division = env["dealer.division"]
        cls.div_apex = Division.create(
            {
                "name": "DC Apex Brakes",
                "code": "DCAPEX",
                "sequence": 1,
                "company_id": cls.company.id,
                "categ_ids": [Command.set(cls.categ_root.ids)],
            }
        )
        cls.div_volt = Division.create(
            {
                "name": "DC Voltline",
                "code": "DCVOLT",
                "sequence": 2,
                "company_id": cls.company.id,
                "categ_ids": [Command.set(cls.categ_tools.ids)],
            }
        )
        # A division nobody in the fixture trades with.
        cls.div_other = Division.create(
            {"name": "DC Orphan Brand", "code": "DCORPHAN", "sequence": 3, "company_id": cls.company.id}
        )
        cls.website.write({"dealer_division_id": cls.div_apex.id, "domain": f"http://{cls.apex_host}"})
        cls.website_volt = env["website"].create(
            {
                "name": "DC Voltline portal",
                "company_id": cls.company.id,
                "warehouse_id": cls.warehouse.id,
                "domain": f"http://{cls.volt_host}",
                "dealer_division_id": cls.div_volt.id,
            }
        )
        cls.website_other = env["website"].create(
            {
                "name": "DC Orphan portal",
                "company_id": cls.company.id,
                "domain": f"http://dc-orphan.localhost:{port}",
                "dealer_division_id": cls.div_other.id,
            }
        )
        # The storefront tiers become Apex's; Voltline has a Silver tier of its own.
        (cls.tier_gold | cls.tier_silver).write({"division_id": cls.div_apex.id})
        cls.tier_volt_silver = env["dealer.tier"].create(
            {
                "name": "Voltline Silver",
                "code": "DCVOLTSILVER",
                "sequence": 3,
                "division_id": cls.div_volt.id,
                "pricelist_id": cls.pl_silver.id,
                "categ_ids": [Command.set(cls.categ_tools.ids)],
            }
        )
        env["dealer.terms"].create(
            {"partner_id": cls.dealer_a.id, "division_id": cls.div_volt.id, "tier_id": cls.tier_volt_silver.id}
        )

    # ------------------------------------------------------------------
    # Requests on a division's domain
    # ------------------------------------------------------------------
    def _url(self, path, host, **kw):
        """``url_open`` of ``path`` on the website of ``host``, redirects not followed."""
        headers = dict(kw.pop("headers", None) or {}, Host=host)
        return self.url_open(f"http://{HOST}:{self.http_port()}{path}", headers=headers, allow_redirects=False, **kw)

    def _post_form(self, path, host, data=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self._url(path, host, data=data)

    def _jsonrpc(self, path, host, params=None):
        """POST a JSON-RPC call on ``host``: the decoded body."""
        response = self._url(
            path,
            host,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params or {}}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _signed_in_as(self, host, browser=None):
        """The user shown by the portal home of ``host`` (its header names
        the signed-in user) for the session of ``browser``, or of the test
        opener by default; None when the home sends a visitor to the login
        page."""
        response = browser.open(f"http://{host}/my/home") if browser else self._url("/my/home", host)
        if response.status_code != 200:
            return None
        users = self.env["res.users"].search([("login", "=like", "dc\\_%")])
        shown = [user for user in users if f">{user.name}<" in response.text.replace("\n", "")]
        return shown[0] if len(shown) == 1 else shown
