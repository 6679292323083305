import json
import logging

from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from odoo import http
from odoo.http import request

from odoo.addons.dealer_order_intake.tools.ubl import MAX_UBL_BYTES

from ..tools.dealer_api import API_PREFIX, DEFAULT_RATE_LIMIT, MAX_JSON_BYTES, RATE_LIMIT_PARAM, ApiError, bearer_token

_logger = logging.getLogger(__name__)

ROUTE = {"type": "http", "auth": "public", "csrf": False, "save_session": False, "sitemap": False}


class DealerApiController(http.Controller):
    """The versioned JSON API for dealers' systems (``/dealer/api/v1``).

    Each route does the same: authenticate the ``Authorization: Bearer``
    API key (never a session cookie), count the request against the key's
    rate limit, read a bounded body, then call ONE method of ``dealer.api``
    as the key's user and answer its result as JSON."""

    # ------------------------------------------------------------------
    # Plumbing
    # ------------------------------------------------------------------
    def _api_json(self, status, body, headers=None):
        return request.make_json_response(body, headers=list((headers or {}).items()), status=status)

    def _api_error(self, exc):
        body = {"error": exc.code, "message": exc.message}
        return self._api_json(exc.status, body, exc.headers)

    def _api_authenticate(self):
        """The key's user, after the rate limit; raises ApiError."""
        env = request.env
        key = bearer_token(request.httprequest.headers.get("Authorization"))
        unauthorized = ApiError(
            401,
            "unauthorized",
            env._("Send a valid API key: Authorization: Bearer <key>."),
            headers={"WWW-Authenticate": 'Bearer realm="dealer-api"'},
        )
        if not key:
            raise unauthorized
        uid = env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)
        if not uid:
            raise unauthorized
        user = env["res.users"].browse(uid)
        if not user.with_user(user)._dealer_api_allowed():
            raise ApiError(
                403, "forbidden", env._("This key may not use the dealer API: your company does not have it enabled.")
            )
        # The key was checked above; the limit is a system parameter and the
        # counter a technical table no dealer user may read or write.
        limit = int(env["ir.config_parameter"].sudo().get_param(RATE_LIMIT_PARAM) or DEFAULT_RATE_LIMIT)
        allowed, retry_after = env["dealer.api.rate"].sudo()._dealer_hit(uid, key[:8], limit)
        if not allowed:
            raise ApiError(
                429,
                "rate_limited",
                env._("Too many requests with this key: at most %(limit)s a minute.", limit=limit),
                headers={"Retry-After": str(retry_after)},
            )
        request.update_env(user=uid)
        return request.env.user

    def _api_body(self, max_bytes):
        """The request body, at most ``max_bytes``; 413 beyond (a chunked
        body is cut off by werkzeug's limited stream, never read whole)."""
        httprequest = request.httprequest
        too_large = ApiError(
            413, "payload_too_large", request.env._("The body is larger than %(kb)s KB.", kb=max_bytes // 1024)
        )
        if (httprequest.content_length or 0) > max_bytes:
            raise too_large
        httprequest.max_content_length = max_bytes
        try:
            return httprequest.get_data(cache=False)
        except RequestEntityTooLarge:
            raise too_large from None

    def _api_json_body(self):
        data = self._api_body(MAX_JSON_BYTES)
        try:
            return json.loads(data or b"null")
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "bad_json", request.env._("The body is not valid JSON.")) from None

    def _api_call(self, handler):
        """Authenticate, then run ``handler(api)`` with ``dealer.api`` as the
        key's user; any error becomes a JSON answer and rolls back what the
        request wrote (the request count stays)."""
        try:
            user = self._api_authenticate()
        except ApiError as exc:
            return self._api_error(exc)
        try:
            with request.env.cr.savepoint():
                result = handler(request.env["dealer.api"].with_user(user))
        except ApiError as exc:
            return self._api_error(exc)
        except BadRequest as exc:
            return self._api_error(ApiError(400, "bad_request", str(exc.description)))
        except Exception:  # whatever it is, the client gets JSON and nothing is half-written
            _logger.exception("Dealer API request %s failed", request.httprequest.path)
            return self._api_error(
                ApiError(500, "server_error", request.env._("The request failed; nothing was changed."))
            )
        if isinstance(result, http.Response):
            return result
        status, body = result
        return self._api_json(status, body)

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route(f"{API_PREFIX}/catalog", methods=["GET"], **ROUTE)
    def dealer_api_catalog(self, page=1, limit=None, search="", **kw):
        return self._api_call(lambda api: api._api_catalog(page=page, limit=limit, search=search))

    @http.route(f"{API_PREFIX}/availability", methods=["GET"], **ROUTE)
    def dealer_api_availability(self, skus="", **kw):
        return self._api_call(lambda api: api._api_availability(skus))

    @http.route(f"{API_PREFIX}/orders", methods=["GET"], **ROUTE)
    def dealer_api_orders(self, page=1, limit=None, **kw):
        return self._api_call(lambda api: api._api_orders(page=page, limit=limit))

    @http.route(f"{API_PREFIX}/orders", methods=["POST"], **ROUTE)
    def dealer_api_submit(self, **kw):
        key = request.httprequest.headers.get("Idempotency-Key")
        return self._api_call(lambda api: api._api_submit_order(self._api_json_body(), idempotency_key=key))

    @http.route(f"{API_PREFIX}/orders/ubl", methods=["POST"], **ROUTE)
    def dealer_api_submit_ubl(self, **kw):
        key = request.httprequest.headers.get("Idempotency-Key")
        return self._api_call(lambda api: api._api_submit_ubl(self._api_body(MAX_UBL_BYTES), idempotency_key=key))

    @http.route(f"{API_PREFIX}/orders/<int:order_id>", methods=["GET"], **ROUTE)
    def dealer_api_order(self, order_id, **kw):
        return self._api_call(lambda api: api._api_order(order_id))

    @http.route(f"{API_PREFIX}/documents/<string:doc_type>", methods=["GET"], **ROUTE)
    def dealer_api_documents(self, doc_type, page=1, limit=None, **kw):
        return self._api_call(lambda api: api._api_documents(doc_type, page=page, limit=limit))

    @http.route(f"{API_PREFIX}/documents/<string:doc_type>/<int:record_id>/pdf", methods=["GET"], **ROUTE)
    def dealer_api_document_pdf(self, doc_type, record_id, **kw):
        def pdf(api):
            content, filename = api._api_document_pdf(doc_type, record_id)
            return request.make_response(
                content,
                headers=[
                    ("Content-Type", "application/pdf"),
                    ("Content-Length", len(content)),
                    ("Content-Disposition", http.content_disposition(filename)),
                ],
            )

        return self._api_call(pdf)
