from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Rows older than this are no longer needed to count a window.
RATE_ROW_TTL = timedelta(hours=1)


class DealerApiRate(models.Model):
    """Requests counted per API key and minute, for the dealer API's rate
    limit. One row per key and window, raised atomically by an upsert: two
    concurrent requests never both read the old count."""

    _name = "dealer.api.rate"
    _description = "Dealer API Request Count"
    _log_access = False

    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", readonly=True)
    key_index = fields.Char(required=True, readonly=True, help="The first characters of the key, as Odoo indexes it.")
    window_start = fields.Datetime(required=True, readonly=True)
    count = fields.Integer(readonly=True)

    _sql_constraints = [
        ("window_uniq", "unique(user_id, key_index, window_start)", "One count per key and minute."),
    ]

    @api.model
    def _dealer_hit(self, user_id, key_index, limit, now=None):
        """Count one request of the key; return ``(allowed, retry_after)``
        with the seconds left in the current minute when over ``limit``."""
        now = now or fields.Datetime.now()
        window = now.replace(second=0, microsecond=0)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO dealer_api_rate (user_id, key_index, window_start, count)
                VALUES (%s, %s, %s, 1)
                ON CONFLICT (user_id, key_index, window_start)
                DO UPDATE SET count = dealer_api_rate.count + 1
                RETURNING count
                """,
                user_id,
                key_index,
                window,
            )
        )
        count = self.env.cr.fetchone()[0]
        if count <= limit:
            return True, 0
        return False, max(1, 60 - now.second)

    @api.autovacuum
    def _gc_windows(self):
        self.env.cr.execute(
            SQL("DELETE FROM dealer_api_rate WHERE window_start < %s", fields.Datetime.now() - RATE_ROW_TTL)
        )
