from odoo import fields, models
from odoo.tools import format_date

from odoo.addons.dealer_pricing.tools.format import fmt_qty

# Receipts and manufacturing orders that have not started yet still count:
# they are what "back on <date>" promises.
INCOMING_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class ProductProduct(models.Model):
    _inherit = "product.product"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _dealer_get_availability(self, partner):
        """Availability of these products for ``partner`` (any contact of the
        dealer), in one batch.

        Return ``{product_id: {"qty", "indicator", "incoming_date", "label",
        "tracked", "snapshot_at"}}``:

        * ``qty``: free quantity (on hand minus reserved) in the warehouse that
          serves the dealer (see ``res.partner._dealer_get_warehouse``);
        * ``indicator``: ``in_stock``, ``low`` (at or below the product's,
          else its category's, else the company's threshold), ``out``, or
          ``incoming`` (out, but a receipt or manufacturing order is due);
        * ``incoming_date``: date of the earliest incoming move, or False;
        * ``label``: the text a dealer reads ("In stock (120)", "Back on 12 Dec");
        * ``tracked``: False for products without stock tracking (always
          available);
        * ``snapshot_at``: when the figures were taken in scheduled mode, else
          False.

        The number of queries does not depend on the number of products.
        """
        if not self:
            return {}
        warehouse = (partner or self.env["res.partner"])._dealer_get_warehouse()
        company = warehouse.company_id or self.env.company
        # Dealers (portal users) cannot read quants or moves; the figures are
        # the only thing returned.
        products_sudo = self.sudo()
        storable = products_sudo.filtered("is_storable")
        snapshot_at = False
        if company.dealer_stock_mode == "scheduled":
            stock, snapshot_at = storable._dealer_snapshot_stock(warehouse)
        else:
            stock = storable._dealer_compute_stock(warehouse)
        thresholds = storable._dealer_low_stock_thresholds(company)
        result = {}
        for product in products_sudo:
            if product not in storable:
                result[product.id] = {
                    "qty": 0.0,
                    "indicator": "in_stock",
                    "incoming_date": False,
                    "label": self.env._("Available"),
                    "tracked": False,
                    "snapshot_at": False,
                }
                continue
            qty, incoming_date = stock.get(product.id, (0.0, False))
            result[product.id] = {
                "qty": qty,
                "incoming_date": incoming_date,
                "tracked": True,
                "snapshot_at": snapshot_at,
                **self._dealer_availability_indicator(qty, thresholds[product.id], incoming_date),
            }
        return result

    def _dealer_availability_indicator(self, qty, threshold, incoming_date):
        """Hook: ``{"indicator", "label"}`` for a free quantity, the low-stock
        threshold and the next incoming date (or False)."""
        if qty > 0 and qty > threshold:
            return {"indicator": "in_stock", "label": self.env._("In stock (%(qty)s)", qty=fmt_qty(qty))}
        if qty > 0:
            return {"indicator": "low", "label": self.env._("Low stock (%(qty)s)", qty=fmt_qty(qty))}
        if incoming_date:
            return {
                "indicator": "incoming",
                "label": self.env._("Back on %(date)s", date=self._dealer_format_date(incoming_date)),
            }
        return {"indicator": "out", "label": self.env._("Out of stock")}

    def _dealer_format_date(self, date):
        return format_date(self.env, date, date_format="d MMM")

    def _dealer_compute_stock(self, warehouse):
        """``{product_id: (free_qty, incoming_date)}`` computed now: two
        grouped queries, whatever the number of products."""
        if not self or not warehouse:
            return {}
        path = warehouse.view_location_id.parent_path
        quant_groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", self.ids),
                    ("location_id.parent_path", "=like", f"{path}%"),
                    ("location_id.usage", "=", "internal"),
                ],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        free = {product.id: quantity - reserved for product, quantity, reserved in quant_groups}
        for product_id, qty in self._dealer_queued_demand(warehouse).items():
            free[product_id] = free.get(product_id, 0.0) - qty
        incoming = self._dealer_incoming_dates(warehouse)
        today = fields.Date.context_today(self)
        result = {}
        for product in self:
            date = incoming.get(product.id)
            if date:
                date = max(fields.Date.context_today(self, date), today)
            result[product.id] = (round(free.get(product.id, 0.0), 6), date or False)
        return result

    def _dealer_queued_demand(self, warehouse):
        """``{product_id: qty}`` of confirmed orders still queued for
        background fulfilment from ``warehouse``: not reserved yet, but
        promised, so other dealers must not see it as free. One query."""
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", self.ids),
                    ("order_id.dealer_fulfilment_state", "=", "pending"),
                    ("order_id.warehouse_id", "=", warehouse.id),
                    ("state", "=", "sale"),
                ],
                ["product_id", "product_uom"],
                ["product_uom_qty:sum"],
            )
        )
        demand = {}
        for product, uom, qty in groups:
            demand[product.id] = demand.get(product.id, 0.0) + uom._compute_quantity(qty, product.uom_id, round=False)
        return demand

    def _dealer_incoming_dates(self, warehouse):
        """Earliest planned date of an incoming receipt or manufacturing move
        into ``warehouse`` per product: one grouped query."""
        path = warehouse.view_location_id.parent_path
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", self.ids),
                    ("state", "in", INCOMING_MOVE_STATES),
                    ("location_dest_id.parent_path", "=like", f"{path}%"),
                    ("location_id.usage", "!=", "internal"),
                ],
                ["product_id"],
                ["date:min"],
            )
        )
        return {product.id: date for product, date in groups}

    def _dealer_snapshot_stock(self, warehouse):
        """``({product_id: (free_qty, incoming_date)}, snapshot_at)`` from the
        snapshot table; products the snapshot does not know yet (created
        since) are computed now."""
        if not self or not warehouse:
            return {}, False
        rows = (
            self.env["dealer.stock.snapshot"]
            .sudo()
            .search_read(
                [("warehouse_id", "=", warehouse.id), ("product_id", "in", self.ids)],
                ["product_id", "free_qty", "incoming_date"],
                load=None,
            )
        )
        stock = {row["product_id"]: (row["free_qty"], row["incoming_date"] or False) for row in rows}
        missing = self.filtered(lambda p: p.id not in stock)
        if missing:
            stock.update(missing._dealer_compute_stock(warehouse))
        return stock, warehouse.company_id.dealer_stock_snapshot_at

    def _dealer_low_stock_thresholds(self, company):
        """``{product_id: threshold}``: the product's own, else its nearest
        category's, else the company's."""
        categ_ids = {int(c) for categ in self.categ_id for c in categ.parent_path.split("/") if c}
        categs_sudo = self.env["product.category"].sudo().browse(categ_ids)
        categ_threshold = {categ.id: categ.dealer_low_stock_threshold for categ in categs_sudo}
        result = {}
        for product in self:
            threshold = product.dealer_low_stock_threshold
            if not threshold:
                for categ_id in reversed([int(c) for c in product.categ_id.parent_path.split("/") if c]):
                    if categ_threshold.get(categ_id):
                        threshold = categ_threshold[categ_id]
                        break
            result[product.id] = threshold or company.dealer_low_stock_threshold
        return result
