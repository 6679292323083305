import uuid

from odoo import http
from odoo.http import request, route

from ..models.dealer_quick_order import MAX_FILE_BYTES
from .mixins import DEALER_ERRORS, DealerControllerMixin

# Messages kept for the result panel; the rest is summarised.
MAX_SHOWN_ERRORS = 200


class DealerQuickOrderController(DealerControllerMixin, http.Controller):
    """Fast entry: SKU with autocomplete, pasted lines, CSV/XLSX upload and
    reorder, all into the native cart. Parsing and matching live in
    ``dealer.quick.order``; the cart write in ``sale.order``."""

    def _check_dealer(self):
        """(dealer company sudo, None) or (None, redirect)."""
        dealer_sudo, may_order = self._dealer_user_state()
        if not dealer_sudo:
            return None, request.redirect("/shop")
        if not may_order:
            self._dealer_flash(self._dealer_order_desk_message())
            return None, request.redirect("/my")
        return dealer_sudo, None

    @route(
        ["/my/quick-order", "/shop/quick-order"], type="http", auth="user", methods=["GET"], website=True, sitemap=False
    )
    def quick_order(self, **kw):
        dealer_sudo, redirect = self._check_dealer()
        if redirect:
            return redirect
        values = self._prepare_quick_order_values(dealer_sudo)
        values["dealer_light_page"] = self._dealer_light_page()
        return request.render("dealer_portal.dealer_quick_order", values)

    def _prepare_quick_order_values(self, dealer_sudo):
        order_sudo = request.website.sale_get_order()
        division = request.website._dealer_division()
        division_domain = [("dealer_division_id", "=", division.id)] if division else []
        past_orders = request.env["sale.order"].search(
            [("partner_id", "child_of", dealer_sudo.id), ("state", "=", "sale"), *division_domain],
            order="date_order desc",
            limit=5,
        )
        return {
            "dealer_sudo": dealer_sudo,
            "order_sudo": order_sudo,
            "result": request.session.pop("dealer_quick_order_result", None),
            "dealer_error": self._dealer_pop_flash(),
            "form_key": uuid.uuid4().hex,
            "past_orders": past_orders,
        }

    def _add_to_cart(self, dealer_sudo, resolved, notices=(), form_key=None):
        """Put the resolved entries in the cart and keep a result summary for
        the page shown after the redirect (a refresh adds nothing twice)."""
        used = request.session.get("dealer_quick_order_keys") or []
        if form_key and form_key in used:
            return request.redirect("/my/quick-order")
        added = 0
        try:
            with request.env.cr.savepoint():
                if resolved["entries"]:
                    order_sudo = request.website.sale_get_order(force_create=True)
                    if order_sudo.state != "draft":
                        request.website.sale_reset()
                        order_sudo = request.website.sale_get_order(force_create=True)
                    added = order_sudo._dealer_cart_add_lines(resolved["entries"])
                    request.session["website_sale_cart_quantity"] = order_sudo.cart_quantity
        except DEALER_ERRORS as exc:
            self._dealer_flash(exc)
            return request.redirect("/my/quick-order")
        errors = resolved["errors"]
        request.session["dealer_quick_order_result"] = {
            "added": added,
            "errors": errors[:MAX_SHOWN_ERRORS],
            "more_errors": max(0, len(errors) - MAX_SHOWN_ERRORS),
            "notices": list(notices),
        }
        if form_key:
            request.session["dealer_quick_order_keys"] = (used + [form_key])[-20:]
        return request.redirect("/my/quick-order")

    @route("/my/quick-order/add", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def quick_order_add(self, lines="", sku="", qty="", upload=None, form_key=None, **kw):
        """One SKU (``sku``/``qty``), pasted ``lines`` or an ``upload``."""
        dealer_sudo, redirect = self._check_dealer()
        if redirect:
            return redirect
        QuickOrder = request.env["dealer.quick.order"]
        if upload is not None and getattr(upload, "filename", None):
            parsed = QuickOrder._parse_file(upload.filename, upload.read(MAX_FILE_BYTES + 1))
        elif sku:
            parsed = {"rows": [{"row": 1, "sku": sku, "qty": qty}], "notices": []}
        else:
            parsed = QuickOrder._parse_text(lines)
            if not parsed["rows"] and not parsed["notices"]:
                parsed["notices"].append(request.env._("Nothing to add: paste lines like “DC-1001 5”."))
        resolved = QuickOrder._resolve_rows(dealer_sudo, parsed["rows"], division=request.website._dealer_division())
        return self._add_to_cart(dealer_sudo, resolved, parsed["notices"], form_key=form_key)

    @route(
        "/my/quick-order/reorder/<int:order_id>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def quick_order_reorder(self, order_id, **kw):
        dealer_sudo, redirect = self._check_dealer()
        if redirect:
            return redirect
        # Searched as the user: record rules decide which orders it may copy.
        order = request.env["sale.order"].search([("id", "=", order_id)], limit=1)
        if not order or order.partner_id.commercial_partner_id != dealer_sudo:
            self._dealer_flash(request.env._("This order cannot be found."))
            return request.redirect("/my/quick-order")
        return self._add_to_cart(dealer_sudo, order.sudo()._dealer_reorder_entries())

    @route("/my/quick-order/search", type="json", auth="user", website=True)
    def quick_order_search(self, term="", limit=10, **kw):
        """Autocomplete: products of the dealer's own assortment only."""
        request.env.user._dealer_check_role("order_desk")
        dealer_sudo = request.env.user._dealer_commercial_partner()
        if not dealer_sudo:
            return []
        return request.website._dealer_quick_search(term if isinstance(term, str) else "", limit=_search_limit(limit))


def _search_limit(value, default=10, maximum=20):
    """The autocomplete's ``limit`` from the request, within 1..maximum; a
    value that is not a whole number gives the default, never an error."""
    try:
        limit = int(value) if value not in (None, "", False) else default
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(limit, 1), maximum)
