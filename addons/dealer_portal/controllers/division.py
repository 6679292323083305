from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessDenied, AccessError
from odoo.http import request, route

from ..models.dealer_division_ticket import NONCE_COOKIE, NONCE_COOKIE_PATH, NONCE_LIFETIME, TICKET_CREDENTIAL
from ..tools import local_path
from .mixins import DealerControllerMixin


class DealerDivisionController(DealerControllerMixin, http.Controller):
    """One login across a manufacturer's divisions, in four hops of the
    dealer user's browser between the domain it is signed in on (A) and the
    other division's (B), as OAuth binds a code to the browser with its
    "state" (``dealer.division.ticket``):

    1. A, ``switch`` (the header's switcher, a form with a CSRF token): to B;
    2. B, ``begin``: a random nonce in a cookie of B, back to A with its hash;
    3. A, ``ticket``: a one-time ticket for the signed-in user, B and that
       hash, to B;
    4. B, ``enter``: signs the browser in with the ticket and its cookie.

    Every address of another domain comes from that website's own record,
    never from a parameter, and every redirect ends on a local path."""

    @route("/dealer/division/switch", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def dealer_division_switch(self, website_id=None, redirect=None, **kw):
        try:
            url = request.website._dealer_division_switch_url(website_id, redirect or "/my/catalog")
        except AccessError as exc:
            self._dealer_flash(exc)
            return request.redirect("/my")
        return request.redirect(url, local=False)

    @route("/dealer/division/begin", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def dealer_division_begin(self, website_id=None, redirect=None, **kw):
        path = local_path(redirect)
        try:
            nonce, url = request.website._dealer_division_begin(website_id, path)
        except AccessError:
            return self._dealer_no_referrer(request.redirect("/web/login?" + url_encode({"redirect": path})))
        response = request.redirect(url, local=False)
        response.set_cookie(NONCE_COOKIE, nonce, max_age=NONCE_LIFETIME, expires=None, **self._dealer_nonce_cookie())
        # The next URL carries the state.
        return self._dealer_no_referrer(response)

    @route("/dealer/division/ticket", type="http", auth="user", methods=["GET"], website=True, sitemap=False)
    def dealer_division_ticket(self, state=None, website_id=None, redirect=None, **kw):
        # A GET without a CSRF token, so anybody may send a signed-in user
        # here, with any state: harmless. The ticket is the user's own, and
        # goes only to the target website's own domain (its record's), in
        # this same browser, which signs in there only with the nonce whose
        # hash is the state, from its own cookie of that domain (HttpOnly,
        # set by B's ``begin``). Whoever forged the link neither reads the
        # ticket (a redirect to another domain, no referrer) nor holds that
        # nonce; at worst the user signs in on B as itself. The ticket is
        # burnt when its state does not match (``dealer.division.ticket``).
        try:
            url = request.website._dealer_division_enter_url(website_id, state, redirect or "/my/catalog")
        except AccessError as exc:
            self._dealer_flash(exc)
            return self._dealer_no_referrer(request.redirect("/my"))
        # This URL carries the state, the next one the ticket.
        return self._dealer_no_referrer(request.redirect(url, local=False))

    @route("/dealer/division/enter", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def dealer_division_enter(self, ticket=None, redirect=None, **kw):
        path = local_path(redirect)
        credential = {
            "type": TICKET_CREDENTIAL,
            "token": str(ticket or ""),
            "nonce": request.httprequest.cookies.get(NONCE_COOKIE) or "",
        }
        try:
            request.session.authenticate(request.db, credential)
        except AccessDenied:
            response = request.redirect("/web/login?" + url_encode({"redirect": path}))
        else:
            response = request.redirect(path)
        # One nonce, one switch.
        response.delete_cookie(NONCE_COOKIE, **self._dealer_nonce_cookie())
        # The ticket is in this URL: the next page must not pass it on.
        return self._dealer_no_referrer(response)

    def _dealer_nonce_cookie(self):
        """The attributes of the switch's nonce cookie: sent to the switch's
        routes only, never read by scripts, sent back on the redirect from
        the other domain (Lax), over HTTPS only when the site is."""
        return {
            "path": NONCE_COOKIE_PATH,
            "httponly": True,
            "samesite": "Lax",
            "secure": request.httprequest.scheme == "https",
        }

    def _dealer_no_referrer(self, response):
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
