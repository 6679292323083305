from datetime import datetime, time

from odoo import api, models

from odoo.addons.dealer_delivery.const import IN_TRANSIT_STAGES
from odoo.addons.dealer_portal.tools import check_price_field_access, hidden_price_fields, price_safe_fetch_records

from .res_partner_portal_account import _to_date

# Non-monetary fields of an order that still show its prices. The approval
# and rejection reasons (and the summary of pending approvals) quote the
# total, the threshold and the credit.
ORDER_PRICE_FIELDS = (
    "tax_totals",
    "amount_undiscounted",
    "dealer_approval_reason",
    "dealer_rejection_reason",
    "dealer_approval_summary",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Hooks: a dealer role that sees no prices reads none, over any route
    # ------------------------------------------------------------------
    def check_field_access_rights(self, operation, field_names):
        allowed = super().check_field_access_rights(operation, field_names)
        return check_price_field_access(self, operation, field_names, allowed, ORDER_PRICE_FIELDS)

    def _fetch_field(self, field):
        records = price_safe_fetch_records(self, field, ORDER_PRICE_FIELDS)
        return super(SaleOrder, records)._fetch_field(field)

    def _track_filter_for_display(self, tracking_values):
        """Chatter hook of mail: tracked totals (``amount_total`` is tracked)
        are not shown to a dealer role that sees no prices."""
        parent = getattr(super(), "_track_filter_for_display", None)
        tracking_values = parent(tracking_values) if parent else tracking_values
        if not self.env.user._dealer_hides_prices():
            return tracking_values
        hidden = hidden_price_fields(self, ORDER_PRICE_FIELDS)
        return tracking_values.filtered(lambda tracking: tracking.field_id.name not in hidden)

    # ------------------------------------------------------------------
    # Business: the dealer's order history
    # ------------------------------------------------------------------
    @api.model
    def _dealer_history_base_domain(self, partner):
        """Orders that belong in the dealer's history: every order of the
        dealer company (all its contacts and users), including submitted and
        pending-approval orders, but not carts that were never submitted."""
        commercial = partner.commercial_partner_id
        return [
            ("partner_id.commercial_partner_id", "=", commercial.id),
            "|",
            "|",
            ("state", "in", ("sent", "sale")),
            ("dealer_submitted_at", "!=", False),
            ("dealer_confirmed_at", "!=", False),
        ]

    @api.model
    def _dealer_history_status_filters(self):
        """Status filters of the order history, as an ordered dict
        {key: {"label", "domain"}}: dealer_delivery's stages, then
        dealer_credit's approval states. Extend with super() to add filters."""
        _ = self.env._
        filters = {"all": {"label": _("All"), "domain": []}}
        for key, label in self._fields["dealer_stage"]._description_selection(self.env):
            if key == "draft":
                continue  # carts are not part of the history
            filters[key] = {"label": label, "domain": [("dealer_stage", "=", key)]}
        filters["in_transit"] = {
            "label": _("In transit"),
            "domain": [("dealer_stage", "in", list(IN_TRANSIT_STAGES))],
        }
        filters["approval_pending"] = {
            "label": _("Awaiting approval"),
            "domain": [("dealer_approval_state", "=", "pending")],
        }
        filters["approval_rejected"] = {
            "label": _("Rejected"),
            "domain": [("dealer_approval_state", "=", "rejected")],
        }
        return filters

    @api.model
    def _dealer_history_search_domain(self, search, search_in="all"):
        """Domain for the history search box. ``search_in``: ``all``,
        ``number``, ``po`` or ``product`` (name or internal reference). The
        product part is a subquery on the order lines, so it stays one SQL
        statement whatever the number of orders or lines."""
        search = (search or "").strip()
        if not search:
            return []
        parts = []
        if search_in in ("all", "number"):
            parts.append([("name", "ilike", search)])
        if search_in in ("all", "po"):
            parts.append([("client_order_ref", "ilike", search)])
        if search_in in ("all", "product"):
            # Product names are not all readable by portal users (unpublished
            # or company-restricted products); the subquery is still bounded
            # by the orders the user may read.
            products = (
                self.env["product.product"]
                .sudo()
                .with_context(active_test=False)
                ._search(["|", ("name", "ilike", search), ("default_code", "ilike", search)])
            )
            parts.append([("order_line.product_id", "in", products)])
        domain = []
        for part in parts:
            domain = ["|", *domain, *part] if domain else part
        return domain

    @api.model
    def _dealer_history_domain(self, partner, search=None, search_in="all", status="all", date_from=None, date_to=None):
        """The complete order history domain for ``partner``'s dealer.
        Dates are calendar days (``YYYY-MM-DD`` or date), inclusive, on the
        order date. Invalid dates are ignored rather than failing the page."""
        domain = self._dealer_history_base_domain(partner)
        filters = self._dealer_history_status_filters()
        domain += filters.get(status, filters["all"])["domain"]
        domain += self._dealer_history_search_domain(search, search_in)
        date_from = _to_date(date_from)
        date_to = _to_date(date_to)
        if date_from:
            domain.append(("date_order", ">=", datetime.combine(date_from, time.min)))
        if date_to:
            domain.append(("date_order", "<=", datetime.combine(date_to, time.max)))
        return domain

    @api.model
    def _dealer_history_sortings(self, with_prices=True):
        _ = self.env._
        sortings = {
            "date": {"label": _("Newest"), "order": "date_order desc, id desc"},
            "date_asc": {"label": _("Oldest"), "order": "date_order asc, id asc"},
            "name": {"label": _("Number"), "order": "name desc, id desc"},
            "po": {"label": _("PO Reference"), "order": "client_order_ref asc, id desc"},
        }
        if with_prices:
            sortings["amount"] = {"label": _("Total"), "order": "amount_total desc, id desc"}
        return sortings

    def _dealer_stage_info(self):
        """Dealer-facing stage of each order in ``self``: {order_id: (key,
        label)}. Reads only stored fields of the prefetched records (no query
        per order)."""
        stage_labels = dict(self._fields["dealer_stage"]._description_selection(self.env))
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        _ = self.env._
        result = {}
        for order in self:
            if order.dealer_approval_state in ("pending", "rejected"):
                key = "approval_" + order.dealer_approval_state
                label = _("Awaiting approval") if key == "approval_pending" else _("Rejected")
            elif order.dealer_stage and order.dealer_stage != "draft":
                key, label = order.dealer_stage, stage_labels.get(order.dealer_stage)
            elif order.state in ("draft", "sent") and order.dealer_submitted_at:
                key, label = "submitted", _("Submitted")
            else:
                key, label = order.state, state_labels.get(order.state)
            result[order.id] = (key, label)
        return result

    def _dealer_log_status_view(self, user, channel="portal"):
        """Count one status view per order in ``self`` by dealer ``user``
        (``dealer.status.view``), for the calls-vs-portal KPI."""
        return self.env["dealer.status.view"]._dealer_log(self, user, channel=channel)

    def _dealer_tracking_values(self, user=None):
        """Values for the tracking block of the order page: dealer_delivery's
        timeline, shipments and ETA, dealer_credit's approval state and
        reasons, and the dealer-facing stage. ``user``: the reader (the
        page reads the order as the system), by default the current user."""
        self.ensure_one()
        # The reasons quote amounts: not shown to a role that sees none.
        hides_prices = (user or self.env.user)._dealer_hides_prices()
        values = {
            "timeline": self._dealer_timeline(),
            "shipments": self._dealer_shipments(),
            "eta": self.dealer_eta,
            "approval_state": self.dealer_approval_state,
            "approval_reason": False if hides_prices else self.dealer_approval_reason,
            "rejection_reason": False if hides_prices else self.dealer_rejection_reason,
            "stage": self._dealer_stage_info()[self.id],
        }
        for shipment in values["shipments"]:
            location = shipment.get("last_location") or {}
            shipment["map_url"] = location.get("map_url") or _osm_url(location)
            shipment["location_text"] = location.get("text") or ""
        return values


def _osm_url(location):
    """OpenStreetMap link for a last-known-location dict ``{lat, lng}``."""
    lat, lon = location.get("lat"), location.get("lng")
    if not lat and not lon:
        return False
    return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=16/{lat:.6f}/{lon:.6f}"
