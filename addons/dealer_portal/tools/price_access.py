"""Field-level access to prices for dealer users whose role shows none
(warehouse): shared by the models that carry prices and amounts."""

from odoo.exceptions import AccessError

# Float fields named with one of these show money, though not typed monetary
# (``price_unit``, ``discount``, ``amount_undiscounted``, ``purchase_price``).
MONEY_NAME_PARTS = ("price", "amount", "discount", "credit", "margin")


def hidden_price_fields(model, extra=()):
    """Names of the fields of ``model`` that show a price or an amount:
    monetary fields, float fields named after money, and ``extra``."""
    return {
        name
        for name, field in model._fields.items()
        if field.type == "monetary"
        or (field.type == "float" and any(part in name for part in MONEY_NAME_PARTS))
        or name in extra
    }


def check_price_field_access(model, operation, requested, allowed, extra=()):
    """Post-process ``check_field_access_rights``: ``allowed`` is what the
    core allowed for ``requested`` field names. For a user who may not see
    prices, asking for a price field by name raises; asking for "all fields"
    leaves them out."""
    if model.env.su or operation != "read" or not model.env.user._dealer_hides_prices():
        return allowed
    hidden = hidden_price_fields(model, extra)
    if requested:
        refused = sorted(hidden.intersection(requested))
        if refused:
            raise AccessError(
                model.env._(
                    "Your user account may not see prices or amounts (%(fields)s). "
                    "Ask your company's portal administrator.",
                    fields=", ".join(refused),
                )
            )
        return allowed
    return [name for name in allowed if name not in hidden]


def price_safe_fetch_records(records, field, extra=()):
    """``records`` to fetch ``field`` on: reading any field prefetches its
    siblings, price fields included, which are refused to a user who may not
    see prices; such a user fetches one field at a time."""
    env = records.env
    if env.su or not env.user.share or not env.user._dealer_hides_prices():
        return records
    if field.name in hidden_price_fields(records, extra):
        return records
    return records.with_context(prefetch_fields=False)
