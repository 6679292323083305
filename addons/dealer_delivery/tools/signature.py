"""The signature of dealer webhooks, both ways: carriers sign the events they
send us (``dealer_delivery``), we sign the events we send out
(``dealer_integration``). One scheme, one verifier:

- header ``X-Dealer-Timestamp``: Unix time in seconds;
- header ``X-Dealer-Signature``: ``sha256=`` + hex HMAC-SHA256 of
  ``<timestamp>.<raw body>`` with the shared secret.
"""

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Dealer-Timestamp"
SIGNATURE_HEADER = "X-Dealer-Signature"

# A signed request older (or newer) than this is refused: a captured request
# cannot be replayed later.
MAX_CLOCK_SKEW = 300


def sign(secret, timestamp, body):
    """Hex HMAC-SHA256 of ``<timestamp>.<body>`` (``body``: bytes or str)."""
    message = str(timestamp).encode() + b"." + (body if isinstance(body, bytes) else body.encode())
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def check_signature(secret, body, timestamp, signature, now=None, max_skew=MAX_CLOCK_SKEW):
    """Return why a request signed ``signature`` at ``timestamp`` over
    ``body`` cannot be trusted with ``secret``, or None when it can. The
    signature may carry the ``sha256=`` prefix or not."""
    if not timestamp or not signature:
        return f"the {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers are required"
    try:
        moment = int(timestamp)
    except ValueError:
        return f"{TIMESTAMP_HEADER} must be a Unix time in seconds"
    now = now if now is not None else time.time()
    if abs(now - moment) > max_skew:
        return "the timestamp is more than 5 minutes off; the request is stale"
    if not secret:
        return "no shared secret is set"
    given = signature.strip()
    if given.lower().startswith("sha256="):
        given = given[7:]
    if not hmac.compare_digest(sign(secret, timestamp, body), given.lower()):
        return "the signature does not match"
    return None
