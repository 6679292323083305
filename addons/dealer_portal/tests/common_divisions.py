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

from odoo import Command, http
from odoo.tests import HOST
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from .common import DealerPortalHttpCommon


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

    def _switch_location(self, target_website, host, login=None):
        """Ask the switcher of ``host`` for ``target_website``: the redirect's location."""
        if login:
            self.authenticate(login, login)
        response = self._post_form("/dealer/division/switch", host, {"website_id": target_website.id})
        self.assertIn(response.status_code, (302, 303))
        return response.headers["Location"]

    def _drop_session(self):
        """Forget the test opener's session cookie, as a browser arriving on
        another domain has none: the server's next answer sets its own."""
        self.opener.cookies.clear()
        self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key

    def _signed_in_as(self, host):
        """The name shown by the portal home of ``host`` for the test
        opener's session (the header names the signed-in user), or None when
        the home sends a visitor to the login page."""
        response = self._url("/my/home", host)
        if response.status_code != 200:
            return None
        users = self.env["res.users"].search([("login", "=like", "dc\\_%")])
        shown = [user for user in users if f">{user.name}<" in response.text.replace("\n", "")]
        return shown[0] if len(shown) == 1 else shown
