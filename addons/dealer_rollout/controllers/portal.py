from odoo import http
from odoo.http import request

from odoo.addons.dealer_portal.controllers.portal import DealerCustomerPortal


class DealerRolloutPortal(DealerCustomerPortal):
    """Counts the dealers' own status look-ups: each time a dealer user opens
    an order's page or its tracking page, one row of the roll-out log."""

    @http.route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, **kw):
        response = super().portal_order_page(order_id, report_type=report_type, access_token=access_token, **kw)
        self._dealer_log_status_lookup(response)
        return response

    @http.route()
    def dealer_portal_order_track(self, order_id, access_token=None, **kw):
        response = super().dealer_portal_order_track(order_id, access_token=access_token, **kw)
        self._dealer_log_status_lookup(response)
        return response

    def _dealer_log_status_lookup(self, response):
        """Log a look-up when ``response`` is the page of a dealer's order.
        A redirect (no access, or the warehouse role sent to tracking) or a
        report (PDF, HTML) shows no status and is not counted."""
        order_sudo = response.qcontext.get("sale_order") if response.is_qweb else None
        if order_sudo and order_sudo.partner_id._dealer_is_dealer():
            request.env["dealer.order.status.lookup"]._dealer_log(order_sudo, request.env.user)
