from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessDenied, AccessError
from odoo.http import request, route

from ..models.dealer_division_ticket import TICKET_CREDENTIAL
from ..tools import local_path
from .mixins import DealerControllerMixin


class DealerDivisionController(DealerControllerMixin, http.Controller):
    """One login across a manufacturer's divisions: the header's switcher
    posts here for a one-time ticket and is sent to the other division's
    domain, which signs the user in with it (``dealer.division.ticket``)."""

    @route("/dealer/division/switch", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def dealer_division_switch(self, website_id=None, redirect=None, **kw):
        try:
            url = request.website._dealer_division_switch_url(website_id, redirect or "/my/catalog")
        except AccessError as exc:
            self._dealer_flash(exc)
            return request.redirect("/my")
        return request.redirect(url, local=False)

    @route("/dealer/division/enter", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def dealer_division_enter(self, ticket=None, redirect=None, **kw):
        path = local_path(redirect)
        try:
            request.session.authenticate(request.db, {"type": TICKET_CREDENTIAL, "token": str(ticket or "")})
        except AccessDenied:
            response = request.redirect("/web/login?" + url_encode({"redirect": path}))
        else:
            response = request.redirect(path)
        # The ticket is in this URL: the next page must not pass it on.
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
