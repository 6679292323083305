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


def fmt_qty(value):
    """A quantity as a dealer reads it: 2, 2.5, 0.125."""
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def unit_label(uom):
    """A unit's name as it reads in a sentence: "units", "dozens", but "kg", "L"."""
    name = uom.name or ""
    return name.lower() if len(name) > 2 else name


def product_label(product):
    """A product as messages name it: "Brake disc BD-300"."""
    code = product.default_code
    name = product.name or ""
    return f"{name} {code}" if code and code not in name else name
