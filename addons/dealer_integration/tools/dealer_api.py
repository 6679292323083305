"""What the dealer API's controller and models share: its errors, limits and
the parsing of the Authorization header."""

import re

API_VERSION = "v1"
API_PREFIX = f"/dealer/api/{API_VERSION}"
# Bodies larger than this are refused (413) before they are read.
MAX_JSON_BYTES = 1024 * 1024
DEFAULT_RATE_LIMIT = 60
RATE_LIMIT_PARAM = "dealer_integration.api_rate_limit"
_BEARER = re.compile(r"^Bearer\s+([A-Za-z0-9]{16,128})\s*$", re.IGNORECASE)


class ApiError(Exception):
    """An answer other than success: ``status`` (HTTP), ``code`` (a stable
    word clients test), ``message`` (for people)."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def bearer_token(header):
    """The key of an ``Authorization: Bearer <key>`` header, or None."""
    match = _BEARER.match(header or "")
    return match.group(1) if match else None
