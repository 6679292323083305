from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_stock_mode = fields.Selection(
        [("realtime", "Real time"), ("scheduled", "Scheduled snapshot")],
        default="realtime",
        required=True,
        help="Real time: dealers see stock computed at each request. Scheduled: "
        "dealers see a snapshot refreshed at a fixed interval, which keeps busy "
        "catalog pages cheap on large warehouses.",
    )
    dealer_stock_snapshot_interval = fields.Integer(
        "Snapshot Interval (minutes)",
        default=15,
        help="How often the stock snapshot shown to dealers is refreshed.",
    )
    dealer_stock_snapshot_at = fields.Datetime("Stock Snapshot Taken On", readonly=True, copy=False)
    dealer_async_fulfilment = fields.Boolean(
        "Background Fulfilment",
        default=True,
        help="Confirm a dealer's submitted order at once and create its delivery orders "
        "(stock moves and reservations) right after, in a background job. The dealer "
        "gets the confirmation in well under a second whatever the number of lines; "
        "the order's quantities still count against the stock other dealers see.",
    )
    dealer_low_stock_threshold = fields.Float(
        "Low Stock Threshold",
        default=5.0,
        help="At or below this free quantity a product shows as low stock, unless "
        "its product or category sets its own threshold.",
    )

    def _dealer_stock_snapshot_age(self):
        """Age of the company's stock snapshot in minutes, or None when no
        snapshot was taken yet."""
        self.ensure_one()
        if not self.dealer_stock_snapshot_at:
            return None
        return (fields.Datetime.now() - self.dealer_stock_snapshot_at).total_seconds() / 60.0
