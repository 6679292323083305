from odoo import http
from odoo.http import request

TIMESTAMP_HEADER = "X-Dealer-Timestamp"
SIGNATURE_HEADER = "X-Dealer-Signature"


class DealerDeliveryWebhook(http.Controller):
    @http.route(
        "/dealer_delivery/webhook/<string:code>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def dealer_delivery_webhook(self, code, **kwargs):
        """Carrier and rider-app events; see the addon's readme for the
        format, the signature and the answers."""
        # Carriers have no Odoo session: the request is authenticated by the
        # account's HMAC signature, checked before anything is read or written.
        account_sudo = (
            request.env["dealer.carrier.account"].sudo().search([("code", "=", code), ("active", "=", True)], limit=1)
        )
        if not account_sudo:
            return request.make_json_response(
                {"error": "unknown_account", "reason": "no active carrier account with this code"}, status=404
            )
        httprequest = request.httprequest
        status, payload = account_sudo._dealer_handle_webhook(
            httprequest.get_data(),
            httprequest.headers.get(TIMESTAMP_HEADER),
            httprequest.headers.get(SIGNATURE_HEADER),
        )
        return request.make_json_response(payload, status=status)
