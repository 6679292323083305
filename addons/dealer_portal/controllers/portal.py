import csv
import io

from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.dealer_portal.tools import csv_safe_row
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal

# The CSV export is for a dealer's own bookkeeping; past this many rows the
# dealer narrows the period instead of pulling the whole table at once.
EXPORT_LIMIT = 20000


class DealerSelfServicePortal(CustomerPortal):
    """Dealer self-service after the order: the dealer-wide order history
    with search and export, order tracking, and the home tiles."""

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
        values.update(user.partner_id.commercial_partner_id._dealer_home_counters(user, counters))
        return values

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
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", date_from=None, date_to=None, **kw
    ):
        """Values of the dealer order history page. The orders are searched
        as the portal user (record rules apply) and sudo'ed for rendering."""
        SaleOrder = request.env["sale.order"]
        user = request.env.user
        partner = user.partner_id
        values = self._prepare_portal_layout_values()
        sortings = SaleOrder._dealer_history_sortings(with_prices=values["dealer_sees_prices"])
        filters = SaleOrder._dealer_history_status_filters()
        inputs = self._dealer_history_searchbar_inputs()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in inputs else "all"
        domain = SaleOrder._dealer_history_domain(
            partner,
            search=search,
            search_in=search_in,
            status=filterby,
            date_from=date_from,
            date_to=date_to,
        )
        url_args = {
            "sortby": sortby,
            "filterby": filterby,
            "search": search or "",
            "search_in": search_in,
            "date_from": date_from or "",
            "date_to": date_to or "",
        }
        pager = portal_pager(
            url="/my/dealer/orders",
            total=SaleOrder.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args=url_args,
        )
        orders = SaleOrder.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        orders_sudo = orders.sudo()
        values.update(
            {
                "page_name": "dealer_orders",
                "default_url": "/my/dealer/orders",
                "orders": orders_sudo,
                "stage_info": orders_sudo._dealer_stage_info(),
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
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
        self, sortby=None, filterby=None, search=None, search_in="all", date_from=None, date_to=None, **kw
    ):
        user = request.env.user
        if not user._dealer_sees_orders():
            return request.redirect("/my")
        SaleOrder = request.env["sale.order"]
        with_prices = user._dealer_sees_prices()
        sortings = SaleOrder._dealer_history_sortings(with_prices=with_prices)
        domain = SaleOrder._dealer_history_domain(
            user.partner_id,
            search=search,
            search_in=search_in or "all",
            status=filterby or "all",
            date_from=date_from,
            date_to=date_to,
        )
        order = sortings.get(sortby, sortings["date"])["order"]
        orders_sudo = SaleOrder.search(domain, order=order, limit=EXPORT_LIMIT).sudo()
        content = self._dealer_history_csv(orders_sudo, with_prices)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", content_disposition("orders.csv")),
            ],
        )

    def _dealer_history_csv(self, orders_sudo, with_prices):
        """CSV bytes of the order history rows; totals only for roles that
        see prices."""
        _ = request.env._
        stage_info = orders_sudo._dealer_stage_info()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        header = [_("Number"), _("PO Reference"), _("Date"), _("Status"), _("Ordered By")]
        if with_prices:
            header += [_("Untaxed"), _("Total"), _("Currency")]
        writer.writerow(csv_safe_row(header))
        for order in orders_sudo:
            row = [
                order.name,
                order.client_order_ref or "",
                order.date_order and order.date_order.strftime("%Y-%m-%d %H:%M") or "",
                stage_info[order.id][1] or "",
                (order.dealer_submitted_by.partner_id or order.partner_id).name or "",
            ]
            if with_prices:
                row += [order.amount_untaxed, order.amount_total, order.currency_id.name]
            writer.writerow(csv_safe_row(row))
        return buffer.getvalue().encode("utf-8-sig")

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


def dealer_page_number(page):
    """The page number of a list route, from the URL or the query string: a
    tampered value (``?page=x``) is a bad request, not a server error."""
    try:
        page = int(page)
    except (TypeError, ValueError):
        raise BadRequest(request.env._("The page number must be a whole number.")) from None
    return max(page, 1)
