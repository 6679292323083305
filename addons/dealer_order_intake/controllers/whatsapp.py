from odoo import SUPERUSER_ID, http
from odoo.http import request

SIGNATURE_HEADER = "X-Hub-Signature-256"


class DealerIntakeWebhook(http.Controller):
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

    @http.route(
        "/dealer_portal/intake/<int:intake_id>/confirm",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def dealer_intake_confirm(self, intake_id, token=None, **kwargs):
        """The link an emailed order's sender gets: GET shows the order and
        a button, POST (CSRF-checked) submits it. Mail scanners that open
        links therefore never place an order."""
        # The link itself is the credential: the intake is read as the
        # system, and only its token (or its own user, signed in) opens it.
        intake_sudo = request.env["dealer.order.intake"].with_user(SUPERUSER_ID).sudo().browse(intake_id).exists()
        visitor = request.env.user
        if not intake_sudo:
            values = {"error": request.env._("This confirmation link is not valid, or it was already used.")}
        elif request.httprequest.method == "POST":
            values = {"result": intake_sudo._dealer_confirm_by_link(token, visitor)}
        else:
            values = intake_sudo._dealer_confirmation_values(token, visitor)
        if values.get("result", {}).get("error"):
            values = {"error": values["result"]["error"]}
        status = 403 if values.get("error") else 200
        return request.render("dealer_order_intake.dealer_intake_confirm", values, status=status)
