from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.dealer_portal.controllers.portal import dealer_page_number
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale_stock.controllers.portal import SaleStockPortal


def _move_document_type(move_sudo):
    return "credit_note" if move_sudo.move_type in ("out_refund", "in_refund") else "invoice"


class DealerDocumentsPortal(PortalAccount):
    """The dealer's document centre (/my/documents) and the role gate on the
    native invoice pages: a dealer user reaches invoices and credit notes only
    when its role lets it see them."""

    @http.route(["/my/documents", "/my/documents/page/<int:page>"], type="http", auth="user", website=True)
    def dealer_portal_documents(self, page=1, doc_type=None, date_from=None, date_to=None, **kw):
        user = request.env.user
        allowed = user._dealer_document_tabs()
        if not allowed:
            return request.redirect("/my")
        doc_type = doc_type if doc_type in allowed else next(iter(allowed))
        page = dealer_page_number(page)
        values = self._prepare_dealer_documents_values(page, doc_type, allowed, date_from, date_to)
        return request.render("dealer_portal.portal_my_dealer_documents", values)

    def _prepare_dealer_documents_values(self, page, doc_type, tabs, date_from, date_to):
        """Documents of one type for the current user's dealer, searched as
        the user (record rules apply), sudo'ed for rendering."""
        partner = request.env.user.partner_id.commercial_partner_id
        model, domain, order = partner._dealer_document_search_args(doc_type, date_from, date_to)
        Model = request.env[model]
        url_args = {"doc_type": doc_type, "date_from": date_from or "", "date_to": date_to or ""}
        pager = portal_pager(
            url="/my/documents",
            total=Model.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args=url_args,
        )
        records = Model.search(domain, order=order, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dealer_documents",
                "default_url": "/my/documents",
                "doc_type": doc_type,
                "doc_tabs": tabs,
                "documents": records.sudo(),
                "document_orders": partner._dealer_document_orders(records.sudo()),
                "pager": pager,
                "date_from": date_from or "",
                "date_to": date_to or "",
            }
        )
        return values

    @http.route()
    def portal_my_invoices(self, *args, **kw):
        user = request.env.user
        if user._is_dealer_portal_user() and not user._dealer_document_types() & {"invoice", "credit_note"}:
            return request.redirect("/my")
        return super().portal_my_invoices(*args, **kw)

    @http.route()
    def portal_my_invoice_detail(self, invoice_id, access_token=None, report_type=None, download=False, **kw):
        user = request.env.user
        if user._is_dealer_portal_user():
            move_sudo = request.env["account.move"].sudo().browse(int(invoice_id)).exists()
            if not move_sudo or _move_document_type(move_sudo) not in user._dealer_document_types():
                return request.redirect("/my")
        return super().portal_my_invoice_detail(
            invoice_id, access_token=access_token, report_type=report_type, download=download, **kw
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        user = request.env.user
        if user._is_dealer_portal_user() and not user._dealer_document_types() & {"invoice", "credit_note"}:
            # The native invoice tile would lead to a page this role may not open.
            for key in ("invoice_count", "overdue_invoice_count"):
                if key in values:
                    values[key] = 0
        return values


class DealerDeliveryNotePortal(SaleStockPortal):
    """Delivery-note PDFs follow the dealer roles; visibility across the
    dealer's contacts comes from the record rule on stock.picking."""

    def _stock_picking_check_access(self, picking_id, access_token=None):
        """A dealer user's order token never opens another dealer's delivery
        note (see ``_document_check_access``)."""
        picking_sudo = super()._stock_picking_check_access(picking_id, access_token=access_token)
        user = request.env.user
        if user._is_dealer_portal_user() and (
            picking_sudo.partner_id.commercial_partner_id != user.partner_id.commercial_partner_id
        ):
            raise AccessError(request.env._("This document belongs to another account."))
        return picking_sudo

    @http.route()
    def portal_my_picking_report(self, picking_id, access_token=None, **kw):
        user = request.env.user
        if user._is_dealer_portal_user() and "delivery" not in user._dealer_document_types():
            return NotFound()
        return super().portal_my_picking_report(picking_id, access_token=access_token, **kw)
