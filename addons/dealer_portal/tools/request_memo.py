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


def request_memoized(key, compute):
    """``compute()``, once per HTTP request for ``key``: later calls in the
    same request get the first result. Outside a request, computed each time."""
    memo = request_memo()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
