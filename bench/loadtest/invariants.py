"""What must hold in the database after a load test, whatever the load and
the faults (a worker killed mid-request, PostgreSQL restarted): plain SQL,
read-only, run by ``make loadtest`` after the run and by
tests/test_loadtest_invariants.py on crafted bad data.

Each check is ``(code, description, query)``; the query returns one row per
violation (its first column names the offending record). ``check(cr)``
takes any DB-API cursor (psycopg2's or Odoo's) and returns
``{code: [rows]}``.
"""

# Exposure is counted from the orders confirmed before (running sum in
# confirmation order), the lower bound of what the pipeline's credit check
# saw: an order confirmed without an approval while even that sum is over the
# limit passed the check wrongly. Approved orders (and a manager's override)
# are the allowed way over; a limit of 0 means no limit. ``credit_limit`` is
# company-dependent: one JSON value per company.
CREDIT_OVER_LIMIT = """
WITH confirmed AS (
    SELECT so.id, so.name, so.company_id, so.dealer_approval_state,
           dealer.id AS dealer_id,
           (dealer.credit_limit ->> so.company_id::text)::numeric AS credit_limit,
           SUM(so.amount_total) OVER (
               PARTITION BY dealer.id, so.company_id
               ORDER BY so.dealer_confirmed_at NULLS LAST, so.date_order, so.id
           ) AS exposure
      FROM sale_order so
      JOIN res_partner buyer ON buyer.id = so.partner_id
      JOIN res_partner dealer ON dealer.id = buyer.commercial_partner_id
     WHERE so.state = 'sale' AND so.is_dealer_order
)
SELECT c.name, c.dealer_id, c.credit_limit, c.exposure
  FROM confirmed c
 WHERE COALESCE(c.credit_limit, 0) > 0
   AND c.exposure > c.credit_limit + 0.01
   AND c.dealer_approval_state IS DISTINCT FROM 'approved'
   AND NOT EXISTS (
       SELECT 1 FROM dealer_order_attempt a WHERE a.order_id = c.id AND a.outcome = 'overridden'
   )
 ORDER BY c.id
"""

DUPLICATE_SUBMISSION_KEY = """
SELECT dealer_submission_key, COUNT(*), ARRAY_AGG(name ORDER BY id)
  FROM sale_order
 WHERE dealer_submission_key IS NOT NULL
 GROUP BY dealer_submission_key
HAVING COUNT(*) > 1
"""

CONFIRMED_WITHOUT_SUBMISSION = """
SELECT name, id
  FROM sale_order
 WHERE state = 'sale' AND is_dealer_order AND dealer_submitted_at IS NULL
 ORDER BY id
"""

SUBMISSION_WITHOUT_ATTEMPT = """
SELECT so.name, so.id
  FROM sale_order so
 WHERE so.dealer_submitted_at IS NOT NULL
   AND NOT EXISTS (
       SELECT 1 FROM dealer_order_attempt a WHERE a.order_id = so.id AND a.outcome <> 'blocked'
   )
 ORDER BY so.id
"""

# Half-written: a submitted order with no product line, whose stored total is
# not the sum of its lines, or that is neither confirmed, nor waiting for or
# refused an approval, nor cancelled.
HALF_WRITTEN_ORDER = """
SELECT so.name, so.id, so.state, so.dealer_approval_state, so.amount_untaxed, lines.subtotal, lines.count
  FROM sale_order so
  LEFT JOIN LATERAL (
      SELECT COUNT(*) FILTER (WHERE l.display_type IS NULL) AS count, COALESCE(SUM(l.price_subtotal), 0) AS subtotal
        FROM sale_order_line l
       WHERE l.order_id = so.id
  ) lines ON TRUE
 WHERE so.dealer_submitted_at IS NOT NULL
   AND (
       lines.count = 0
       OR ABS(so.amount_untaxed - lines.subtotal) > 0.01
       OR (so.state IN ('draft', 'sent') AND so.dealer_approval_state NOT IN ('pending', 'rejected'))
   )
 ORDER BY so.id
"""

DUPLICATE_CARRIER_EVENT = """
SELECT carrier_account_id, external_id, COUNT(*)
  FROM dealer_delivery_event
 WHERE external_id IS NOT NULL
 GROUP BY carrier_account_id, external_id
HAVING COUNT(*) > 1
"""

CHECKS = [
    ("credit", "no dealer over its credit limit except through an approval", CREDIT_OVER_LIMIT),
    ("submission_key", "no two orders with one submission key", DUPLICATE_SUBMISSION_KEY),
    ("confirmed_unsubmitted", "no dealer order confirmed without a submission", CONFIRMED_WITHOUT_SUBMISSION),
    ("attempt", "every submission has its attempt row", SUBMISSION_WITHOUT_ATTEMPT),
    ("half_written", "no submitted order half-written", HALF_WRITTEN_ORDER),
    ("carrier_event", "no carrier event recorded twice", DUPLICATE_CARRIER_EVENT),
]


def check(cr):
    """``{code: [violating rows]}`` for every check, on cursor ``cr``."""
    violations = {}
    for code, _description, query in CHECKS:
        cr.execute(query)
        violations[code] = cr.fetchall()
    return violations
