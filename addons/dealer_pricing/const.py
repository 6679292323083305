"""Constants shared by the dealer addons (import them from here, never from
a models module)."""

# Issue severities of the order-check pipeline.
BLOCK = "block"
APPROVAL = "approval"
WARNING = "warning"
SEVERITIES = (BLOCK, APPROVAL, WARNING)

# Quantities above this are typing errors, not orders.
MAX_LINE_QTY = 1_000_000

# The approval issue of a price other than the dealer's own: the one issue
# code of the core that approval addons route (declared here, not spelled out).
ISSUE_PRICE_NONSTANDARD = "price_nonstandard"

# Channels the back office submits through: the order was keyed in by staff.
BACKOFFICE_CHANNELS = ("backoffice", "phone")
