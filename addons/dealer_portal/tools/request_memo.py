from odoo.http import request


def request_memo():
    """A dict living as long as the current HTTP request, or None outside
    one: for what a portal page asks several times per request."""
    if not request:
        return None
    memo = vars(request).get("_dealer_portal_memo")
    if not isinstance(memo, dict):
        memo = {}
        try:
            request._dealer_portal_memo = memo
        except AttributeError:
            return None
    return memo
