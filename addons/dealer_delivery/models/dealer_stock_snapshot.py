import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# Products computed per query batch while refreshing a snapshot.
SNAPSHOT_CHUNK = 5000


class DealerStockSnapshot(models.Model):
    _name = "dealer.stock.snapshot"
    _description = "Dealer Stock Snapshot"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    warehouse_id = fields.Many2one("stock.warehouse", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    free_qty = fields.Float("Free Quantity", digits="Product Unit of Measure")
    incoming_date = fields.Date("Next Incoming")
    taken_at = fields.Datetime("Taken On")

    _sql_constraints = [
        ("warehouse_product_uniq", "unique(warehouse_id, product_id)", "One snapshot row per product and warehouse."),
    ]

    @api.model
    def _cron_refresh(self):
        """Refresh the snapshot of every company in scheduled mode whose
        snapshot is older than its interval. One company failing is logged
        and does not stop the others."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([("dealer_stock_mode", "=", "scheduled")]):
            age = company._dealer_stock_snapshot_age()
            interval = max(company.dealer_stock_snapshot_interval, 1)
            # A little slack so a cron running every N minutes refreshes every run.
            if age is not None and age < interval - 0.5:
                continue
            try:
                with self.env.cr.savepoint():
                    self._refresh_company(company, now=now)
            except Exception:
                _logger.exception("Dealer stock snapshot failed for company %s", company.id)

    @api.model
    def _refresh_company(self, company, now=None):
        """Rebuild the snapshot of all stored products in every warehouse of
        ``company``: a few grouped queries per 5,000 products."""
        now = now or fields.Datetime.now()
        warehouses = self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)])
        products = (
            self.env["product.product"]
            .sudo()
            .search([("is_storable", "=", True), ("company_id", "in", [company.id, False])])
        )
        cr = self.env.cr
        self.flush_model()
        cr.execute("DELETE FROM dealer_stock_snapshot WHERE company_id = %s", (company.id,))
        for warehouse in warehouses:
            for start in range(0, len(products), SNAPSHOT_CHUNK):
                chunk = products[start : start + SNAPSHOT_CHUNK].with_company(company)
                stock = chunk._dealer_compute_stock(warehouse)
                product_ids = list(stock)
                cr.execute(
                    """
                    INSERT INTO dealer_stock_snapshot
                        (company_id, warehouse_id, product_id, free_qty, incoming_date, taken_at)
                    SELECT %s, %s, p.id, p.qty, p.incoming, %s
                      FROM unnest(%s::int[], %s::float8[], %s::date[]) AS p(id, qty, incoming)
                    """,
                    (
                        company.id,
                        warehouse.id,
                        now,
                        product_ids,
                        [stock[pid][0] for pid in product_ids],
                        [stock[pid][1] or None for pid in product_ids],
                    ),
                )
                chunk.invalidate_recordset()
        self.invalidate_model()
        company.sudo().dealer_stock_snapshot_at = now
        return True
