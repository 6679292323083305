import hashlib
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from ..tools.dealer_api import ApiError

# Lines of one order submitted through the API.
MAX_API_LINES = 1000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_AVAILABILITY_SKUS = 100
MAX_PO_REF = 64
# What a client may send as Idempotency-Key: a uuid, a hash, its own order id.
IDEMPOTENCY_KEY_RE = re.compile(r"^[A-Za-z0-9_.:\-]{8,100}$")
DOCUMENT_REPORTS = {
    "invoice": "account.account_invoices",
    "credit_note": "account.account_invoices",
    "delivery": "stock.action_report_delivery",
}
# Outcome of a submission -> HTTP status.
OUTCOME_STATUS = {"confirmed": 201, "approval": 202, "blocked": 422, "rejected": 422, "failed": 500}
PIPELINE_ERRORS = (UserError, ValidationError, AccessError, MissingError)


class DealerApi(models.AbstractModel):
    """The dealer API's business: each ``_api_*`` method serves one endpoint
    for ``env.user``, the dealer portal user whose API key called it, and
    returns ``(http_status, json_body)`` or raises ``ApiError``.

    Records are searched as that user, so the portal's record rules apply;
    only the records found are read elevated, to build the answer. Roles are
    the portal's: the order desk submits, a warehouse-only user sees no
    prices, documents follow ``res.users._dealer_document_types``. Orders go
    through the same pipeline as the portal's, on the ``api`` channel."""

    _name = "dealer.api"
    _description = "Dealer API"

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _api_dealer(self):
        dealer_sudo = self.env.user._dealer_commercial_partner()
        if not dealer_sudo:
            raise ApiError(403, "forbidden", self.env._("This key does not belong to a dealer's user."))
        return dealer_sudo

    @api.model
    def _api_page(self, page, limit):
        try:
            page = max(1, int(page or 1))
            limit = int(limit or DEFAULT_PAGE_SIZE)
        except (TypeError, ValueError):
            raise ApiError(400, "bad_request", self.env._("page and limit must be whole numbers.")) from None
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ApiError(400, "bad_request", self.env._("limit must be between 1 and %(max)s.", max=MAX_PAGE_SIZE))
        return page, limit

    @api.model
    def _api_website(self, dealer_sudo):
        company = self.env["dealer.order.intake"]._dealer_user_company(self.env.user)
        # Only the website's id is needed: the catalog is computed as the user.
        # The portal of a division the dealer trades with comes first.
        # Only the division is fetched: the user's own reads check its access.
        Website = self.env["website"].sudo()
        website_sudo = Website.search_fetch(
            [("company_id", "=", company.id), ("dealer_division_id", "in", dealer_sudo._dealer_divisions().ids)],
            ["dealer_division_id"],
            limit=1,
        ) or Website.search_fetch([("company_id", "=", company.id)], ["dealer_division_id"], limit=1)
        return self.env["website"].browse(website_sudo.id)

    @api.model
    def _api_check_role(self, role):
        try:
            self.env.user._dealer_check_role(role)
        except AccessError as exc:
            raise ApiError(403, "forbidden", str(exc)) from None

    # ------------------------------------------------------------------
    # Catalog and availability
    # ------------------------------------------------------------------
    @api.model
    def _api_catalog(self, page=1, limit=None, search=""):
        """The products the dealer may buy, a page at a time, with its own
        prices (none for a role that sees no prices), quantity rules and
        availability. A fixed number of queries per page."""
        dealer_sudo = self._api_dealer()
        page, limit = self._api_page(page, limit)
        website = self._api_website(dealer_sudo)
        if not website:
            raise ApiError(503, "not_configured", self.env._("The catalog is not published."))
        values = website._dealer_catalog_values(
            search=(search or "")[:100], page=page, ppg=limit, url="/dealer/api/v1/catalog", exact_count=True
        )
        shows_prices = not self.env.user._dealer_hides_prices()
        # The API user cannot read websites: only the website's division is read, for the dealer's terms.
        tier_sudo = dealer_sudo._dealer_tier(website.sudo().dealer_division_id)
        currency = tier_sudo.pricelist_id.currency_id or website.company_id.currency_id
        items = []
        # Found as the user (its catalog); units and codes read elevated.
        for product in values["products"].sudo():
            info = values["lines"].get(product.id) or {}
            avail = info.get("availability") or {}
            rule = info.get("rule") or {}
            item = {
                "sku": product.default_code or None,
                "gtin": product.barcode or None,
                "name": product.display_name,
                "uom": product.uom_id.name,
                "min_qty": rule.get("min") or 0.0,
                "max_qty": rule.get("max") or 0.0,
                "multiple_qty": rule.get("multiple") or 0.0,
                "availability": _availability_json(avail),
            }
            if shows_prices:
                item.update(
                    {
                        "price": info.get("price"),
                        "regular_price": info.get("regular_price"),
                        "scheme_end": _date(info.get("scheme_end")),
                        "currency": currency.name,
                    }
                )
            items.append(item)
        return 200, {
            "page": values["pager"]["page"]["num"],
            "limit": limit,
            "total": values["total"],
            "items": items,
        }

    @api.model
    def _api_availability(self, skus):
        """Availability of the listed SKUs of the dealer's catalog; SKUs
        outside it are listed as unknown, never described."""
        dealer_sudo = self._api_dealer()
        skus = [s.strip() for s in (skus or "").split(",") if s.strip()]
        if not skus:
            raise ApiError(400, "bad_request", self.env._("Give the SKUs: ?skus=SKU1,SKU2"))
        if len(skus) > MAX_AVAILABILITY_SKUS:
            raise ApiError(
                400, "bad_request", self.env._("At most %(max)s SKUs per request.", max=MAX_AVAILABILITY_SKUS)
            )
        website = self._api_website(dealer_sudo)
        domain = website._dealer_catalog_domain(dealer_sudo) + [("default_code", "in", skus)]
        products = self.env["product.product"].search(domain)
        # Found as the user in its catalog; stock is read elevated (portal users have no stock rights).
        avail = products.sudo()._dealer_get_availability(dealer_sudo)
        found = {p.default_code: p for p in products}
        return 200, {
            "items": [{"sku": sku, **_availability_json(avail[found[sku].id])} for sku in skus if sku in found],
            "unknown": [sku for sku in skus if sku not in found],
        }

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    @api.model
    def _api_submission_key(self, dealer_sudo, idempotency_key):
        """The pipeline's submission key for a client's ``Idempotency-Key``:
        scoped to the dealer, so two dealers' keys never meet."""
        if not idempotency_key:
            return None
        if not IDEMPOTENCY_KEY_RE.match(idempotency_key):
            raise ApiError(
                400,
                "bad_request",
                self.env._("Idempotency-Key must be 8 to 100 letters, digits or the characters _ . : -"),
            )
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
        return f"api:{dealer_sudo.id}:{digest}"

    @api.model
    def _api_parse_order(self, payload):
        """``(rows, po_ref, shipping_address_id)`` of a submitted order, or
        an ApiError naming the first thing wrong with it."""
        _ = self.env._
        if not isinstance(payload, dict):
            raise ApiError(400, "bad_request", _("The body must be a JSON object."))
        lines = payload.get("lines")
        if not isinstance(lines, list) or not lines:
            raise ApiError(400, "bad_request", _("lines must be a non-empty list of {sku, qty}."))
        if len(lines) > MAX_API_LINES:
            raise ApiError(400, "bad_request", _("At most %(max)s lines per order.", max=MAX_API_LINES))
        rows = []
        for n, line in enumerate(lines, start=1):
            if not isinstance(line, dict) or not isinstance(line.get("sku"), str):
                raise ApiError(400, "bad_request", _("Line %(n)s: give sku (text) and qty (number).", n=n))
            qty = line.get("qty")
            if isinstance(qty, bool) or not isinstance(qty, (int, float, str)):
                raise ApiError(400, "bad_request", _("Line %(n)s: qty must be a number.", n=n))
            rows.append({"row": n, "sku": line["sku"][:100], "qty": qty})
        po_ref = payload.get("po_reference")
        if po_ref is not None and (not isinstance(po_ref, str) or len(po_ref) > MAX_PO_REF):
            raise ApiError(400, "bad_request", _("po_reference must be text of at most %(max)s characters.", max=64))
        address_id = payload.get("shipping_address_id")
        if address_id is not None and (isinstance(address_id, bool) or not isinstance(address_id, int)):
            raise ApiError(400, "bad_request", _("shipping_address_id must be a whole number."))
        return rows, (po_ref or "").strip() or False, address_id

    @api.model
    def _api_submit_order(self, payload, idempotency_key=None):
        """Create and submit an order as the user (order desk only), through
        the pipeline on the ``api`` channel. The same ``Idempotency-Key``
        again returns the first result and orders nothing."""
        self._api_check_role("order_desk")
        dealer_sudo = self._api_dealer()
        rows, po_ref, address_id = self._api_parse_order(payload)
        submission_key = self._api_submission_key(dealer_sudo, idempotency_key)
        SaleOrder = self.env["sale.order"]
        previous_sudo = SaleOrder._dealer_find_submission(submission_key, dealer_sudo)
        if previous_sudo:
            result = previous_sudo._dealer_submission_result(replayed=True)
            return 200, dict(self._api_order_json(previous_sudo), outcome=result["outcome"], replayed=True)
        user = self.env.user
        company = self.env["dealer.order.intake"]._dealer_user_company(user)
        division = self._api_division(dealer_sudo, company, payload.get("division"))
        # Rows are matched in the catalog of the order's division.
        resolved = self.env["dealer.quick.order"]._resolve_rows(dealer_sudo, rows, division=division or None)
        if resolved["errors"]:
            return 422, {
                "error": "invalid_lines",
                "message": self.env._("Some lines cannot be ordered; nothing was ordered."),
                "lines": [{"line": e["row"], "sku": e["sku"], "message": e["message"]} for e in resolved["errors"]],
            }
        try:
            with self.env.cr.savepoint():
                # As the dealer user, elevated like its portal cart: the
                # order desk's checks of the cart apply.
                order_sudo = (
                    SaleOrder.with_company(company)
                    .with_user(user)
                    .sudo()
                    .create(
                        {
                            "partner_id": user.partner_id.id,
                            "company_id": company.id,
                            "dealer_division_id": division.id,
                            "dealer_channel": "api",
                            "client_order_ref": po_ref,
                            "website_id": False,
                        }
                    )
                )
                order_sudo._dealer_cart_add_lines(resolved["entries"])
                if address_id is not None:
                    order_sudo.partner_shipping_id = order_sudo._dealer_valid_shipping_address(address_id)
                result = order_sudo.action_dealer_submit(channel="api", submission_key=submission_key)
        except PIPELINE_ERRORS as exc:
            raise ApiError(422, "refused", str(exc)) from None
        body = dict(self._api_order_json(order_sudo), outcome=result["outcome"], replayed=False)
        body["issues"] = self._api_issues_json(order_sudo, result["issues"])
        return OUTCOME_STATUS.get(result["outcome"], 200), body

    @api.model
    def _api_division(self, dealer_sudo, company, code):
        """The division (sudo) an API order is placed with: the one whose
        ``code`` the client gives, among those the dealer trades with, else
        the dealer's only division in ``company``; an ApiError when the code
        is not one of the dealer's, or when the dealer trades with several
        and none is given (an order is never guessed onto one)."""
        divisions = dealer_sudo._dealer_divisions().filtered(lambda d: d.company_id == company)
        if code is not None:
            if not isinstance(code, str):
                raise ApiError(400, "bad_request", self.env._("division must be a division code (text)."))
            division = divisions.filtered(lambda d: d.code == code.strip())
            if not division:
                raise ApiError(
                    422,
                    "refused",
                    self.env._("You do not buy from a division with the code %(code)s.", code=code[:40]),
                )
            return division
        if len(divisions) > 1:
            raise ApiError(
                422,
                "division_required",
                self.env._(
                    "You buy from several divisions: give division, one of %(codes)s.",
                    codes=", ".join(divisions.mapped("code")),
                ),
            )
        return divisions

    @api.model
    def _api_submit_ubl(self, content, filename=None, idempotency_key=None):
        """A UBL order file, posted by the dealer's system: the EDI intake
        processes it as the user and answers line by line. Without an
        ``Idempotency-Key``, the file's order number is the key: the same
        order posted twice orders once."""
        self._api_check_role("order_desk")
        dealer_sudo = self._api_dealer()
        result = self.env["dealer.order.intake"]._dealer_edi_receive(
            self.env.user,
            filename or "api-order.xml",
            content,
            source="api",
            submission_key=self._api_submission_key(dealer_sudo, idempotency_key),
        )
        order = self.env["sale.order"].search([("id", "=", result.get("order_id") or 0)])
        body = {
            "outcome": result["outcome"],
            "replayed": bool(result.get("replayed")),
            "message": result.get("text") or "",
            "lines_not_taken": [
                {"line": e["row"], "sku": e["sku"], "message": e["message"]} for e in result["row_errors"]
            ],
            "line_notes": [{"line": n["row"], "sku": n["sku"], "message": n["message"]} for n in result["line_notes"]],
        }
        if order:
            # The order the intake just made as this user: its lines, stage and
            # delivery are read elevated to answer.
            body["order"] = self._api_order_json(order.sudo(), dealer_sudo=dealer_sudo)
            body["issues"] = self._api_issues_json(order.sudo(), result.get("issues") or [])
        status = 200 if result.get("replayed") else OUTCOME_STATUS.get(result["outcome"], 200)
        return status, body

    @api.model
    def _api_issues_json(self, order_sudo, issues):
        lines = {line.id: line for line in order_sudo.order_line}
        hide = self.env.user._dealer_hides_prices()
        return [
            {
                "code": issue.get("code"),
                "severity": issue.get("severity"),
                "sku": (lines[issue["line_id"]].product_id.default_code if issue.get("line_id") in lines else None),
                "message": None if hide else issue.get("message"),
                "hint": None if hide else issue.get("hint"),
            }
            for issue in issues
        ]

    @api.model
    def _api_orders(self, page=1, limit=None):
        """The dealer's orders (as the portal's history lists them), newest
        first."""
        dealer_sudo = self._api_dealer()
        if not self.env.user._dealer_sees_orders():
            raise ApiError(403, "forbidden", self.env._("Your user account has no dealer role."))
        page, limit = self._api_page(page, limit)
        SaleOrder = self.env["sale.order"]
        domain = SaleOrder._dealer_history_base_domain(dealer_sudo)
        total = SaleOrder.search_count(domain)
        orders = SaleOrder.search(domain, order="date_order desc, id desc", limit=limit, offset=(page - 1) * limit)
        # Searched as the user (its record rules); stages and deliveries read elevated.
        orders_sudo = orders.sudo()
        return 200, {
            "page": page,
            "limit": limit,
            "total": total,
            "items": [self._api_order_json(o, dealer_sudo=dealer_sudo, with_lines=False) for o in orders_sudo],
        }

    @api.model
    def _api_order(self, order_id):
        """One order of the dealer: status, lines, tracking."""
        dealer_sudo = self._api_dealer()
        if not self.env.user._dealer_sees_orders():
            raise ApiError(403, "forbidden", self.env._("Your user account has no dealer role."))
        SaleOrder = self.env["sale.order"]
        # Searched as the user: another dealer's order is simply not found.
        order = SaleOrder.search(
            [("id", "=", order_id), ("partner_id.commercial_partner_id", "=", dealer_sudo.id)], limit=1
        )
        if not order:
            raise ApiError(404, "not_found", self.env._("No such order."))
        # Found as the user, in its dealer; delivery and tracking read elevated.
        order_sudo = order.sudo()
        body = self._api_order_json(order_sudo, dealer_sudo=dealer_sudo)
        tracking = order_sudo._dealer_tracking_values(self.env.user)
        body["tracking"] = {
            "eta": _date(tracking.get("eta")),
            "approval_state": tracking.get("approval_state") or None,
            "approval_reason": tracking.get("approval_reason") or None,
            "timeline": [
                {"stage": t["stage"], "label": t["label"], "at": _date(t["at"]), "done": t["done"]}
                for t in tracking.get("timeline") or []
            ],
            "shipments": [
                {
                    "name": s["name"],
                    "stage": s["stage"],
                    "stage_label": s["stage_label"],
                    "eta": _date(s["eta"]),
                    "date_done": _date(s["date_done"]),
                    "tracking_ref": s["tracking_ref"] or None,
                    "tracking_url": s["tracking_url"] or None,
                    "lines": [{"sku": line["product"].default_code or None, "qty": line["qty"]} for line in s["lines"]],
                }
                for s in tracking.get("shipments") or []
            ],
        }
        return 200, body

    @api.model
    def _api_order_json(self, order_sudo, dealer_sudo=None, with_lines=True):
        stage_key, stage_label = order_sudo._dealer_stage_info()[order_sudo.id]
        body = {
            "id": order_sudo.id,
            "name": order_sudo.name,
            "po_reference": order_sudo.client_order_ref or None,
            "channel": order_sudo.dealer_channel or None,
            "state": order_sudo.state,
            "stage": stage_key,
            "stage_label": stage_label,
            "submitted_at": _date(order_sudo.dealer_submitted_at),
            "confirmed_at": _date(order_sudo.dealer_confirmed_at),
        }
        shows_prices = not self.env.user._dealer_hides_prices()
        if shows_prices:
            body.update(
                {
                    "currency": order_sudo.currency_id.name,
                    "amount_untaxed": order_sudo.amount_untaxed,
                    "amount_total": order_sudo.amount_total,
                }
            )
        if with_lines:
            body["lines"] = []
            for line in order_sudo.order_line.filtered(lambda l: l.product_id and not l.display_type):
                row = {
                    "sku": line.product_id.default_code or None,
                    "name": line.product_id.display_name,
                    "qty": line.product_uom_qty,
                    "uom": line.product_uom.name,
                    "qty_delivered": line.qty_delivered,
                }
                if shows_prices:
                    row.update(
                        {"price_unit": line.price_unit, "discount": line.discount, "subtotal": line.price_subtotal}
                    )
                body["lines"].append(row)
        return body

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    @api.model
    def _api_document_domain(self, doc_type):
        dealer_sudo = self._api_dealer()
        if doc_type not in DOCUMENT_REPORTS:
            raise ApiError(404, "not_found", self.env._("Document types: invoice, credit_note, delivery."))
        if doc_type not in self.env.user._dealer_document_types():
            raise ApiError(
                403, "forbidden", self.env._("Your user account may not open these documents (role needed).")
            )
        return dealer_sudo._dealer_document_search_args(doc_type)

    @api.model
    def _api_documents(self, doc_type, page=1, limit=None):
        model, domain, order = self._api_document_domain(doc_type)
        page, limit = self._api_page(page, limit)
        Model = self.env[model]
        total = Model.search_count(domain)
        records = Model.search(domain, order=order, limit=limit, offset=(page - 1) * limit)
        # Searched as the user (roles and record rules); amounts and names read elevated.
        records_sudo = records.sudo()
        dealer_sudo = self._api_dealer()
        orders = dealer_sudo._dealer_document_orders(records_sudo)
        items = []
        for record in records_sudo:
            item = {
                "id": record.id,
                "type": doc_type,
                "number": record.name,
                "orders": orders.get(record.id, self.env["sale.order"]).mapped("name"),
                "pdf_url": f"/dealer/api/v1/documents/{doc_type}/{record.id}/pdf",
            }
            if model == "account.move":
                item.update(
                    {
                        "date": _date(record.invoice_date),
                        "due_date": _date(record.invoice_date_due),
                        "currency": record.currency_id.name,
                        "amount_total": record.amount_total,
                        "amount_residual": record.amount_residual,
                        "payment_state": record.payment_state,
                    }
                )
            else:
                item.update({"date": _date(record.date_done or record.scheduled_date), "state": record.state})
            items.append(item)
        return 200, {"page": page, "limit": limit, "total": total, "items": items}

    @api.model
    def _api_document_pdf(self, doc_type, record_id):
        """``(pdf bytes, file name)`` of one of the dealer's documents,
        rendered with the report the portal uses."""
        model, domain, __ = self._api_document_domain(doc_type)
        record = self.env[model].search([("id", "=", record_id), *domain], limit=1)
        if not record:
            raise ApiError(404, "not_found", self.env._("No such document."))
        # Reports read company and accounting data a portal user cannot:
        # rendered elevated, for the one record found as the user.
        pdf, __ = self.env["ir.actions.report"].sudo()._render_qweb_pdf(DOCUMENT_REPORTS[doc_type], record.ids)
        name = re.sub(r"[^\w.-]+", "_", record.sudo().name or f"{doc_type}-{record.id}")
        return pdf, f"{name}.pdf"


def _date(value):
    if not value:
        return None
    return fields.Datetime.to_string(value) if hasattr(value, "hour") else fields.Date.to_string(value)


def _availability_json(avail):
    if not avail:
        return None
    return {
        "indicator": avail.get("indicator"),
        "label": avail.get("label"),
        "incoming_date": _date(avail.get("incoming_date")),
    }
