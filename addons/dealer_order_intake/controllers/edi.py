from odoo import http
from odoo.http import request

from odoo.addons.dealer_portal.controllers.mixins import DealerControllerMixin

from ..tools.ubl import MAX_UBL_BYTES

# Lines quoted on the result panel; the rest is counted.
MAX_SHOWN_ROWS = 200


class DealerEdiUpload(DealerControllerMixin, http.Controller):
    """The portal page where a dealer's order desk uploads a UBL order file
    its own system produced. The file is processed by
    ``dealer.order.intake._dealer_edi_receive`` as the signed-in user."""

    def _check_dealer(self):
        dealer_sudo, may_order = self._dealer_user_state()
        if not dealer_sudo:
            return request.redirect("/my")
        if not may_order:
            self._dealer_flash(self._dealer_order_desk_message())
            return request.redirect("/my")
        return None

    @http.route("/my/edi-order", type="http", auth="user", methods=["GET"], website=True, sitemap=False)
    def dealer_edi_order(self, **kw):
        redirect = self._check_dealer()
        if redirect:
            return redirect
        values = {
            "result": request.session.pop("dealer_edi_result", None),
            "dealer_error": self._dealer_pop_flash(),
            "max_mb": MAX_UBL_BYTES // (1024 * 1024),
        }
        return request.render("dealer_order_intake.dealer_edi_upload", values)

    @http.route("/my/edi-order/upload", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def dealer_edi_order_upload(self, upload=None, **kw):
        redirect = self._check_dealer()
        if redirect:
            return redirect
        if upload is None or not getattr(upload, "filename", None):
            self._dealer_flash(request.env._("Choose a UBL order file (.xml)."))
            return request.redirect("/my/edi-order")
        # One byte more than allowed is enough to refuse the file.
        content = upload.read(MAX_UBL_BYTES + 1)
        result = request.env["dealer.order.intake"]._dealer_edi_receive(
            request.env.user, upload.filename, content, source="portal"
        )
        request.session["dealer_edi_result"] = self._prepare_edi_result(result)
        return request.redirect("/my/edi-order")

    def _prepare_edi_result(self, result):
        order = request.env["sale.order"].browse(result.get("order_id") or []).exists()
        # Searched as the user: an order it cannot read is not linked.
        order = order.search([("id", "in", order.ids)]) if order else order
        rows = result.get("row_errors") or []
        return {
            "outcome": result.get("outcome"),
            "text": result.get("text") or "",
            "order_name": order.name if order else "",
            "order_url": order.get_portal_url() if order and order.state != "draft" else "",
            "row_errors": [dict(r, row=str(r["row"])) for r in rows[:MAX_SHOWN_ROWS]],
            "more_rows": max(0, len(rows) - MAX_SHOWN_ROWS),
            "line_notes": [n["message"] for n in (result.get("line_notes") or [])[:MAX_SHOWN_ROWS]],
        }
