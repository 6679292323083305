"""Quantity arithmetic shared by the quantity rules and the order checks."""

from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero


def check_quantity_triplet(env, min_qty, max_qty, multiple_qty):
    """Raise when a min/max/multiple triplet cannot be satisfied."""
    if min_qty < 0 or max_qty < 0 or multiple_qty < 0:
        raise ValidationError(env._("Quantity rules cannot be negative."))
    if max_qty and float_compare(min_qty, max_qty, precision_digits=6) > 0:
        raise ValidationError(env._("The minimum (%(min)s) is above the maximum (%(max)s).", min=min_qty, max=max_qty))
    if multiple_qty and min_qty and not float_is_zero(pack_remainder(min_qty, multiple_qty), precision_digits=6):
        raise ValidationError(
            env._(
                "The minimum (%(min)s) must be a multiple of the pack size (%(mult)s).", min=min_qty, mult=multiple_qty
            )
        )


def pack_remainder(qty, multiple):
    """Distance of ``qty`` to the nearest multiple of ``multiple``."""
    rest = qty % multiple
    return min(rest, multiple - rest)
