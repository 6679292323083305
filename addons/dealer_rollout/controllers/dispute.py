from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.dealer_portal.controllers.mixins import DEALER_ERRORS
from odoo.addons.dealer_portal.controllers.portal import DealerCustomerPortal, dealer_page_number
from odoo.addons.portal.controllers.portal import pager as portal_pager

# The form names the kind of line; the model, not the form, decides what it may be.
DISPUTE_LINE_MODELS = {"invoice": "account.move.line", "order": "sale.order.line"}


class DealerDisputePortal(DealerCustomerPortal):
    """Price disputes on the portal: the form on the invoice and order
    pages, the dealer's list of disputes and a dispute's page."""

    def _dealer_may_dispute(self):
        user = request.env.user
        return user._is_dealer_portal_user() and user._dealer_sees_prices()

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["dealer_may_dispute"] = self._dealer_may_dispute()
        return values

    def _get_page_view_values(self, document, access_token, values, session_history, no_breadcrumbs, **kwargs):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name in ("account.move", "sale.order"):
            values["dealer_dispute_lines"] = request.env["dealer.price.dispute"]._dealer_disputable_lines(
                document, request.env.user
            )
            values["dealer_dispute_line_kind"] = "invoice" if document._name == "account.move" else "order"
            values["dealer_dispute_return_url"] = request.httprequest.path
            values["dealer_dispute_error"] = self._dealer_pop_flash() if values["dealer_dispute_lines"] else None
        return values

    @http.route("/my/dealer/disputes/raise", type="http", auth="user", website=True, methods=["POST"])
    def dealer_portal_dispute_raise(
        self, line_kind=None, line_id=None, expected_price=None, reason=None, attachment=None, return_url=None, **kw
    ):
        back = return_url if return_url and return_url.startswith("/my/") and "//" not in return_url else "/my"
        model = DISPUTE_LINE_MODELS.get(line_kind)
        try:
            line_id = int(line_id)
        except (TypeError, ValueError):
            line_id = 0
        if not model or line_id <= 0:
            self._dealer_flash(request.env._("Choose the line you dispute."))
            return request.redirect(back)
        file_values = None
        if attachment is not None and getattr(attachment, "filename", None):
            # Read one byte past the cap: the model refuses it without the whole upload in memory.
            cap = request.env["dealer.price.dispute"]._dealer_attachment_max_bytes
            file_values = {"name": attachment.filename, "content": attachment.read(cap + 1)}
        try:
            dispute = request.env["dealer.price.dispute"]._dealer_raise(
                request.env[model].browse(line_id),
                {"expected_price": expected_price, "reason": reason, "attachment": file_values},
            )
        except DEALER_ERRORS as exc:
            self._dealer_flash(exc)
            return request.redirect(back)
        return request.redirect(dispute.sudo().access_url)

    @http.route(["/my/dealer/disputes", "/my/dealer/disputes/page/<int:page>"], type="http", auth="user", website=True)
    def dealer_portal_disputes(self, page=1, **kw):
        if not self._dealer_may_dispute():
            return request.redirect("/my")
        Dispute = request.env["dealer.price.dispute"]
        pager = portal_pager(
            url="/my/dealer/disputes",
            total=Dispute.search_count([]),
            page=dealer_page_number(page),
            step=self._items_per_page,
        )
        disputes = Dispute.search([], limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "dealer_disputes", "disputes": disputes.sudo(), "pager": pager})
        return request.render("dealer_rollout.portal_my_dealer_disputes", values)

    @http.route("/my/dealer/disputes/<int:dispute_id>", type="http", auth="user", website=True)
    def dealer_portal_dispute(self, dispute_id, access_token=None, **kw):
        if request.env.user._is_dealer_portal_user() and not self._dealer_may_dispute():
            return request.redirect("/my")
        try:
            dispute_sudo = self._document_check_access("dealer.price.dispute", dispute_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            dispute_sudo,
            access_token,
            {
                "page_name": "dealer_dispute",
                "dispute": dispute_sudo,
                "dealer_credit_note_visible": "credit_note" in request.env.user._dealer_document_types(),
            },
            "my_dealer_disputes_history",
            False,
        )
        return request.render("dealer_rollout.portal_dealer_dispute_page", values)

    @http.route("/my/dealer/disputes/<int:dispute_id>/attachment", type="http", auth="user", website=True)
    def dealer_portal_dispute_attachment(self, dispute_id, access_token=None, **kw):
        if request.env.user._is_dealer_portal_user() and not self._dealer_may_dispute():
            raise NotFound()
        try:
            dispute_sudo = self._document_check_access("dealer.price.dispute", dispute_id, access_token)
        except (AccessError, MissingError):
            raise NotFound() from None
        if not dispute_sudo.attachment_id:
            raise NotFound()
        return request.env["ir.binary"]._get_stream_from(dispute_sudo.attachment_id).get_response(as_attachment=True)
