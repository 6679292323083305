# The envelope every outbound event is sent in; bump the number on a change
# that is not backwards compatible (a field removed or its meaning changed).
EVENT_SCHEMA = "dealer.event/1"

EVENT_ORDER_SUBMITTED = "order.submitted"
EVENT_ORDER_CONFIRMED = "order.confirmed"
EVENT_ORDER_CHANGED = "order.changed"
EVENT_ORDER_CANCELLED = "order.cancelled"
EVENT_DELIVERY_DONE = "delivery.done"
EVENT_INVOICE_POSTED = "invoice.posted"
EVENT_CREDIT_NOTE_POSTED = "credit_note.posted"
EVENT_DISPUTE_RESOLVED = "dispute.resolved"

EVENT_TYPES = [
    (EVENT_ORDER_SUBMITTED, "Order submitted"),
    (EVENT_ORDER_CONFIRMED, "Order confirmed"),
    (EVENT_ORDER_CHANGED, "Order changed after submission"),
    (EVENT_ORDER_CANCELLED, "Order cancelled"),
    (EVENT_DELIVERY_DONE, "Delivery done"),
    (EVENT_INVOICE_POSTED, "Invoice posted"),
    (EVENT_CREDIT_NOTE_POSTED, "Credit note posted"),
    (EVENT_DISPUTE_RESOLVED, "Pricing dispute resolved"),
]

EVENT_ID_HEADER = "X-Dealer-Event-Id"
EVENT_TYPE_HEADER = "X-Dealer-Event-Type"

# Retries: the n-th failure waits BACKOFF_BASE * 2**(n-1) seconds (at most
# BACKOFF_MAX), plus up to half of it at random, so that receivers coming back
# are not hit by every sender at the same second.
BACKOFF_BASE = 30
BACKOFF_MAX = 6 * 3600
# Events sent per endpoint per run of the job, and the time one endpoint may
# take in a run: a slow endpoint never holds the others up for longer.
SEND_BATCH = 100
ENDPOINT_TIME_BUDGET = 20
MAX_TIMEOUT = 30
MAX_ERROR_LENGTH = 2000
