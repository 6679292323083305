"""How dealer messages write quantities, units and products.

The one place for these rules: every addon that words a message for a dealer
imports them from here (``from odoo.addons.dealer_pricing.tools.format import
fmt_qty``), so the same quantity or product reads the same on every page.
"""


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


def product_ref(product):
    """A product by the reference dealers order with: its internal reference,
    else its name ("BD-300")."""
    return product.default_code or product.name
