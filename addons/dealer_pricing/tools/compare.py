"""Whether a field's value changed, as a person would see it."""

from odoo.tools import float_compare


def value_differs(model, fname, old, new):
    """Whether field ``fname`` of ``model`` changed from ``old`` to ``new``:
    records compared by id (new records by their origin), floats at the
    field's precision, anything else as it is."""
    field = model._fields[fname]
    if field.type in ("many2one", "one2many", "many2many"):
        return old._origin.ids != new._origin.ids
    if field.type == "float":
        digits = field.get_digits(model.env)
        if digits:
            return bool(float_compare(old or 0.0, new or 0.0, precision_digits=digits[1]))
    return old != new
