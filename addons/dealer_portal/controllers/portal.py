from datetime import date

from werkzeug.exceptions import BadRequest, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale_stock.controllers.portal import SaleStockPortal

from .mixins import DealerControllerMixin

# The CSV export is for a dealer's own bookkeeping; past this many rows the
# dealer narrows the period instead of pulling the whole table at once.
EXPORT_LIMIT = 20000


class DealerCustomerPortal(DealerControllerMixin, PortalAccount, SaleStockPortal):
    """Dealer self-service after the order: the dealer-wide order history
    with search and export, order tracking, the home tiles, the document
    centre with the role gates on the native invoice and delivery note
    pages, and the account page with its statement of account.

    The one portal controller of the addon. PortalAccount comes first, as
    in account_payment's PortalAccount, so that the controllers of every
    installed addon still combine in one method resolution order."""

    # ------------------------------------------------------------------
    # Layout and home
    # ------------------------------------------------------------------
    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values.update(self._dealer_role_values())
        return values

    def _dealer_role_values(self):
        """What the current user's dealer roles let the templates show."""
        user = request.env.user
        return {
            "dealer_is_dealer_user": user._is_dealer_portal_user(),
            "dealer_sees_orders": user._dealer_sees_orders(),
            "dealer_sees_prices": user._dealer_sees_prices(),
            "dealer_sees_account": user._dealer_sees_account(),
            "dealer_document_types": user._dealer_document_types(),
        }

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        user = request.env.user
        if not user._is_dealer_portal_user():
            return values
        if not user._dealer_document_types() & {"invoice", "credit_note"}:
            # The native invoice tile would lead to a page this role may not open.
            for key in ("invoice_count", "overdue_invoice_count"):
                if key in values:
                    values[key] = 0
        values.update(user.partner_id.commercial_partner_id._dealer_home_counters(user, counters))
        return values

    def _dealer_division_scope(self, divisions=None):
        """``(division, values)``: the division whose orders and documents a
        page lists (empty for "all divisions", asked with ``divisions=all``,
        or on a website that is no division's portal) and the values of the
        page's "this division / all divisions" switch."""
        division = request.website._dealer_division()
        show_all = divisions == "all" or not division
        scope = request.env["dealer.division"] if show_all else division
        return scope, {"dealer_scope_division": division, "dealer_scope_all": show_all}

    # ------------------------------------------------------------------
    # Order history
    # ------------------------------------------------------------------
    def _dealer_history_searchbar_inputs(self):
        _ = request.env._
        return {
            "all": {"input": "all", "label": _("Search in all")},
            "number": {"input": "number", "label": _("Search in order number")},
            "po": {"input": "po", "label": _("Search in PO reference")},
            "product": {"input": "product", "label": _("Search in products (name or SKU)")},
        }

    def _prepare_dealer_history_values(
        self,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        search_in="all",
        date_from=None,
        date_to=None,
        divisions=None,
        **kw,
    ):
        """Values of the dealer order history page: the current division's
        orders, or all (``divisions=all``). The orders are searched as the
        portal user (record rules apply) and sudo'ed for rendering."""
        SaleOrder = request.env["sale.order"]
        user = request.env.user
        values = self._prepare_portal_layout_values()
        division, scope_values = self._dealer_division_scope(divisions)
        values.update(scope_values)
        query = SaleOrder._dealer_history_query(
            user.partner_id,
            sortby=sortby,
            filterby=filterby,
            search=search,
            search_in=search_in,
            date_from=date_from,
            date_to=date_to,
            with_prices=values["dealer_sees_prices"],
            division=division,
        )
        domain, sortby, filterby, search_in = query["domain"], query["sortby"], query["filterby"], query["search_in"]
        url_args = {
            "sortby": sortby,
            "filterby": filterby,
            "search": search or "",
            "search_in": search_in,
            "date_from": date_from or "",
            "date_to": date_to or "",
            "divisions": "all" if scope_values["dealer_scope_all"] else "",
        }
        pager = portal_pager(
            url="/my/dealer/orders",
            total=SaleOrder.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args=url_args,
        )
        orders = SaleOrder.search(domain, order=query["order"], limit=self._items_per_page, offset=pager["offset"])
        orders_sudo = orders.sudo()
        values.update(
            {
                "page_name": "dealer_orders",
                "default_url": "/my/dealer/orders",
                "orders": orders_sudo,
                "stage_info": orders_sudo._dealer_stage_info(),
                "pager": pager,
                "searchbar_sortings": query["sortings"],
                "sortby": sortby,
                "searchbar_filters": query["filters"],
                "filterby": filterby,
                "searchbar_inputs": self._dealer_history_searchbar_inputs(),
                "search_in": search_in,
                "search": search or "",
                "date_from": date_from or "",
                "date_to": date_to or "",
                "export_query": url_args,
            }
        )
        return values

    @http.route(["/my/dealer/orders", "/my/dealer/orders/page/<int:page>"], type="http", auth="user", website=True)
    def dealer_portal_order_history(self, page=1, **kw):
        if not request.env.user._dealer_sees_orders():
            return request.redirect("/my")
        values = self._prepare_dealer_history_values(page=dealer_page_number(page), **kw)
        request.session["my_orders_history"] = values["orders"].ids[:100]
        return request.render("dealer_portal.portal_my_dealer_orders", values)

    @http.route("/my/dealer/orders/export", type="http", auth="user", website=True)
    def dealer_portal_order_history_export(
        self,
        sortby=None,
        filterby=None,
        search=None,
        search_in="all",
        date_from=None,
        date_to=None,
        divisions=None,
        **kw,
    ):
        user = request.env.user
        if not user._dealer_sees_orders():
            return request.redirect("/my")
        SaleOrder = request.env["sale.order"]
        with_prices = user._dealer_sees_prices()
        division = self._dealer_division_scope(divisions)[0]
        query = SaleOrder._dealer_history_query(
            user.partner_id,
            sortby=sortby,
            filterby=filterby,
            search=search,
            search_in=search_in,
            date_from=date_from,
            date_to=date_to,
            with_prices=with_prices,
            division=division,
        )
        # Searched as the user (record rules apply), sudo'ed for the export.
        orders_sudo = SaleOrder.search(query["domain"], order=query["order"], limit=EXPORT_LIMIT).sudo()
        content = orders_sudo._dealer_history_csv(with_prices)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", content_disposition("orders.csv")),
            ],
        )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def _document_check_access(self, model_name, document_id, access_token=None):
        """A signed-in dealer user only opens its own dealer's documents, even
        holding another dealer's access token (tokens travel in forwarded
        emails; a dealer user must never land in a competitor's account)."""
        document_sudo = super()._document_check_access(model_name, document_id, access_token=access_token)
        if not request.env.user._dealer_may_open(document_sudo):
            raise AccessError(request.env._("This document belongs to another account."))
        return document_sudo

    # ------------------------------------------------------------------
    # Order page and tracking
    # ------------------------------------------------------------------
    @http.route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, **kw):
        """Warehouse-only dealer users see no prices: they get the tracking
        page instead of the priced order page and its PDF."""
        user = request.env.user
        if user._is_dealer_portal_user() and not user._dealer_sees_prices():
            query = f"?access_token={access_token}" if access_token else ""
            return request.redirect(f"/my/orders/{int(order_id)}/track{query}")
        return super().portal_order_page(order_id, report_type=report_type, access_token=access_token, **kw)

    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token or request.httprequest.args.get("access_token")
            )
        except (AccessError, MissingError):
            order_sudo = None
        if order_sudo and order_sudo.is_dealer_order:
            # Accepting a dealer quotation submits it (sale.order._validate_order):
            # the decision of the dealer's order desk or administrator only.
            try:
                order_sudo.with_user(request.env.user)._dealer_check_portal_actor(dealer_only=True)
            except AccessError as exc:
                return {"error": str(exc)}
            # The order is handled as the superuser from here: name the signer.
            request.update_context(dealer_portal_signer_uid=request.env.uid)
        return super().portal_quote_accept(order_id, access_token=access_token, name=name, signature=signature)

    @http.route("/my/orders/<int:order_id>/track", type="http", auth="user", website=True)
    def dealer_portal_order_track(self, order_id, access_token=None, **kw):
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            order_sudo,
            access_token,
            {"sale_order": order_sudo, "page_name": "dealer_track"},
            "my_orders_history",
            False,
        )
        return request.render("dealer_portal.portal_dealer_order_track", values)

    def _get_page_view_values(self, document, access_token, values, session_history, no_breadcrumbs, **kwargs):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order" and document.partner_id._dealer_is_dealer():
            values.update(self._dealer_role_values())
            values["dealer_tracking"] = document._dealer_tracking_values(request.env.user)
        return values

    # ------------------------------------------------------------------
    # Documents: invoices, credit notes and delivery notes
    # ------------------------------------------------------------------
    @http.route(["/my/documents", "/my/documents/page/<int:page>"], type="http", auth="user", website=True)
    def dealer_portal_documents(self, page=1, doc_type=None, date_from=None, date_to=None, divisions=None, **kw):
        user = request.env.user
        allowed = user._dealer_document_tabs()
        if not allowed:
            return request.redirect("/my")
        doc_type = doc_type if doc_type in allowed else next(iter(allowed))
        page = dealer_page_number(page)
        values = self._prepare_dealer_documents_values(page, doc_type, allowed, date_from, date_to, divisions)
        return request.render("dealer_portal.portal_my_dealer_documents", values)

    def _prepare_dealer_documents_values(self, page, doc_type, tabs, date_from, date_to, divisions=None):
        """Documents of one type for the current user's dealer, those of the
        current division's orders or all (``divisions=all``), searched as the
        user (record rules apply), sudo'ed for rendering."""
        partner = request.env.user.partner_id.commercial_partner_id
        division, scope_values = self._dealer_division_scope(divisions)
        model, domain, order = partner._dealer_document_search_args(doc_type, date_from, date_to, division=division)
        Model = request.env[model]
        url_args = {
            "doc_type": doc_type,
            "date_from": date_from or "",
            "date_to": date_to or "",
            "divisions": "all" if scope_values["dealer_scope_all"] else "",
        }
        pager = portal_pager(
            url="/my/documents",
            total=Model.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args=url_args,
        )
        records = Model.search(domain, order=order, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(scope_values)
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

    # ------------------------------------------------------------------
    # Account page and statement of account
    # ------------------------------------------------------------------
    def _dealer_account_partner_sudo(self):
        """The current user's dealer company, elevated: credit figures come
        from the journal, which portal users cannot read. None when the user's
        role may not see the account."""
        user = request.env.user
        if not user._dealer_sees_account():
            return None
        return user.partner_id.commercial_partner_id.sudo()

    def _dealer_statement_period(self, date_from=None, date_to=None):
        """The statement period from the query string, defaulting to the
        current year to date; a reversed or unreadable range falls back."""
        today = fields.Date.context_today(request.env.user)
        try:
            date_to = fields.Date.to_date(date_to) or today
            date_from = fields.Date.to_date(date_from) or date(date_to.year, 1, 1)
        except (TypeError, ValueError):
            date_from, date_to = date(today.year, 1, 1), today
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to

    @http.route("/my/dealer/account", type="http", auth="user", website=True)
    def dealer_portal_account(self, date_from=None, date_to=None, divisions=None, **kw):
        partner_sudo = self._dealer_account_partner_sudo()
        if partner_sudo is None:
            return request.redirect("/my")
        date_from, date_to = self._dealer_statement_period(date_from, date_to)
        values = self._prepare_portal_layout_values()
        __, scope_values = self._dealer_division_scope(divisions)
        values.update(scope_values)
        values.update(
            partner_sudo._dealer_account_values(
                division=scope_values["dealer_scope_division"],
                all_divisions=scope_values["dealer_scope_all"] and bool(scope_values["dealer_scope_division"]),
            )
        )
        values.update(
            {
                "page_name": "dealer_account",
                "statement_date_from": date_from,
                "statement_date_to": date_to,
            }
        )
        return request.render("dealer_portal.portal_my_dealer_account", values)

    @http.route("/my/dealer/account/statement", type="http", auth="user", website=True)
    def dealer_portal_statement(self, date_from=None, date_to=None, **kw):
        partner_sudo = self._dealer_account_partner_sudo()
        if partner_sudo is None:
            return request.redirect("/my")
        date_from, date_to = self._dealer_statement_period(date_from, date_to)
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "dealer_credit.action_report_dealer_statement",
                [partner_sudo.id],
                data={
                    "date_from": fields.Date.to_string(date_from),
                    "date_to": fields.Date.to_string(date_to),
                    # The header is the brand of the site the dealer is on, never a parameter.
                    "dealer_division_id": request.website.dealer_division_id.id,
                },
            )
        )
        filename = f"statement-{partner_sudo.ref or partner_sudo.id}-{date_from}-{date_to}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )


def _move_document_type(move_sudo):
    return "credit_note" if move_sudo.move_type in ("out_refund", "in_refund") else "invoice"


def dealer_page_number(page):
    """The page number of a list route, from the URL or the query string: a
    tampered value (``?page=x``) is a bad request, not a server error."""
    try:
        page = int(page)
    except (TypeError, ValueError):
        raise BadRequest(request.env._("The page number must be a whole number.")) from None
    return max(page, 1)
