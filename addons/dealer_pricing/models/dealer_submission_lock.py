from odoo import fields, models
from odoo.tools import SQL


class DealerSubmissionLock(models.Model):
    """One row per dealer, locked and rewritten by each submission of the
    dealer's orders (``sale.order._dealer_lock_partner``), so that checks
    adding up across orders (credit) never pass twice concurrently.

    A row of its own, not the dealer's ``res.partner`` row: every table with
    a foreign key to the partner (orders, deliveries, stage logs, status
    look-ups, attempts, messages) takes a key-share lock on it when a row is
    written. Locked ``FOR UPDATE``, the partner row would make all of those
    wait for the submission; rewritten, it would make each of them that
    started before the submission committed fail with a serialization error
    (the delivery cron's whole batch with it). Nothing points at this row.

    Access: written in SQL by the pipeline only; administrators may read it
    (ir.model.access), nobody else, so it needs no record rule (it holds no
    company and nothing a dealer may see)."""

    _name = "dealer.submission.lock"
    _description = "Dealer Submission Lock"
    _log_access = False

    partner_id = fields.Many2one("res.partner", "Dealer", required=True, readonly=True, ondelete="cascade")
    locked_at = fields.Datetime("Last Submission Check", readonly=True)

    _sql_constraints = [("partner_unique", "unique(partner_id)", "One submission lock per dealer.")]

    def _lock(self, partner):
        """Lock ``partner``'s row until the transaction ends, creating it the
        first time. The row is rewritten, not only locked: under REPEATABLE
        READ a transaction that waited for another one's lock would not see
        the orders that one committed; after a rewrite it fails with a
        serialization error instead and Odoo retries it on a fresh snapshot,
        where they count. Two first submissions of a new dealer meet on the
        unique index the same way."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO dealer_submission_lock (partner_id, locked_at)
                   VALUES (%s, now() AT TIME ZONE 'UTC')
                   ON CONFLICT (partner_id) DO UPDATE SET locked_at = EXCLUDED.locked_at""",
                partner.id,
            )
        )
