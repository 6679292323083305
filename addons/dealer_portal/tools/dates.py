from odoo import fields


def to_date_or_none(value):
    """A date from a query-string value (``YYYY-MM-DD`` or a date), or None
    when it is empty or unreadable: a tampered filter never fails a page."""
    if not value:
        return None
    try:
        return fields.Date.to_date(value)
    except (ValueError, TypeError):
        return None
