from odoo import http
from odoo.http import request

from ..tools.whatsapp import SIGNATURE_HEADER


class DealerIntakeWhatsappWebhook(http.Controller):
    @http.route(
        "/dealer_portal/whatsapp/webhook",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def dealer_whatsapp_webhook(self, **kwargs):
        """The WhatsApp Cloud API webhook: GET is the subscription handshake,
        POST the incoming messages, signed with the app secret."""
        # The API has no Odoo session: it is trusted by its verify token
        # (GET) or its HMAC signature (POST), checked in the model first.
        intake_sudo = request.env["dealer.order.intake"].sudo()
        httprequest = request.httprequest
        if httprequest.method == "GET":
            challenge = intake_sudo._dealer_whatsapp_verify(
                kwargs.get("hub.mode"), kwargs.get("hub.verify_token"), kwargs.get("hub.challenge")
            )
            if challenge is None:
                return request.make_response("Forbidden", status=403, headers=[("Content-Type", "text/plain")])
            return request.make_response(challenge, headers=[("Content-Type", "text/plain")])
        status, payload = intake_sudo._dealer_whatsapp_receive(
            httprequest.get_data(), httprequest.headers.get(SIGNATURE_HEADER)
        )
        return request.make_json_response(payload, status=status)
