from odoo import SUPERUSER_ID, http
from odoo.http import request


class DealerIntakeConfirmation(http.Controller):
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
