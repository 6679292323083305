from datetime import datetime, time

from odoo import fields, models
from odoo.tools import float_round, format_amount

from odoo.addons.dealer_delivery.const import IN_TRANSIT_STAGES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Business: statement of account
    # ------------------------------------------------------------------
    def _dealer_receivable_domain(self, company=None):
        """Posted receivable journal items of this dealer company (all its
        contacts) in ``company``: the ledger a statement must agree with."""
        self.ensure_one()
        company = company or self.env.company
        return [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("company_id", "=", company.id),
        ]

    def _dealer_statement_values(self, date_from, date_to, company=None):
        """Statement of account of this dealer company for ``date_from`` ..
        ``date_to`` (inclusive dates), in the company currency:
        {partner, company, currency, date_from, date_to, opening, closing,
        lines: [{date, name, ref, kind, kind_label, debit, credit, balance}],
        totals: {invoice, credit_note, payment, other}}. Two queries whatever
        the period length. Callers hand in an environment allowed to read the
        dealer's journal items (the portal reads it elevated, after checking
        the role)."""
        self.ensure_one()
        company = company or self.env.company
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        partner = self.commercial_partner_id
        AML = self.env["account.move.line"]
        base = partner._dealer_receivable_domain(company)
        [[opening]] = AML._read_group(base + [("date", "<", date_from)], [], ["balance:sum"])
        amls = AML.search(base + [("date", ">=", date_from), ("date", "<=", date_to)], order="date, move_id, id")
        kind_labels = {
            "invoice": self.env._("Invoice"),
            "credit_note": self.env._("Credit Note"),
            "payment": self.env._("Payment"),
            "other": self.env._("Other"),
        }
        currency = company.currency_id
        running = opening or 0.0
        totals = dict.fromkeys(kind_labels, 0.0)
        lines = []
        for aml in amls:
            move = aml.move_id
            if move.move_type == "out_invoice":
                kind = "invoice"
            elif move.move_type == "out_refund":
                kind = "credit_note"
            elif move.origin_payment_id or move.statement_line_id:
                kind = "payment"
            else:
                kind = "other"
            running += aml.balance
            totals[kind] += aml.balance
            lines.append(
                {
                    "date": aml.date,
                    "name": move.name,
                    "ref": move.ref or move.invoice_origin or aml.name or "",
                    "due_date": aml.date_maturity,
                    "kind": kind,
                    "kind_label": kind_labels[kind],
                    "debit": aml.debit,
                    "credit": aml.credit,
                    "balance": currency.round(running),
                }
            )
        return {
            "partner": partner,
            "company": company,
            "currency": currency,
            "date_from": date_from,
            "date_to": date_to,
            "opening": currency.round(opening or 0.0),
            "closing": currency.round(running),
            "lines": lines,
            "totals": {key: currency.round(value) for key, value in totals.items()},
            "kind_labels": kind_labels,
        }

    # ------------------------------------------------------------------
    # Business: documents
    # ------------------------------------------------------------------
    def _dealer_document_search_args(self, doc_type, date_from=None, date_to=None):
        """(model, domain, order) listing this dealer company's documents of
        ``doc_type`` (``invoice``, ``credit_note`` or ``delivery``), dates
        inclusive. Invalid dates are ignored."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        date_from, date_to = _to_date(date_from), _to_date(date_to)
        if doc_type == "delivery":
            domain = [
                ("picking_type_code", "=", "outgoing"),
                ("state", "!=", "cancel"),
                ("partner_id.commercial_partner_id", "=", commercial.id),
            ]
            if date_from:
                domain.append(("scheduled_date", ">=", datetime.combine(date_from, time.min)))
            if date_to:
                domain.append(("scheduled_date", "<=", datetime.combine(date_to, time.max)))
            return "stock.picking", domain, "scheduled_date desc, id desc"
        move_type = "out_refund" if doc_type == "credit_note" else "out_invoice"
        domain = [
            ("move_type", "=", move_type),
            ("state", "=", "posted"),
            ("commercial_partner_id", "=", commercial.id),
        ]
        if date_from:
            domain.append(("invoice_date", ">=", date_from))
        if date_to:
            domain.append(("invoice_date", "<=", date_to))
        return "account.move", domain, "invoice_date desc, id desc"

    def _dealer_document_orders(self, documents):
        """{document_id: sale.order recordset} linking each invoice, credit
        note or picking of ``documents`` to its orders; prefetched, so one
        query per relation for the whole page."""
        if documents._name == "stock.picking":
            return {picking.id: picking.sale_id for picking in documents}
        return {move.id: move.invoice_line_ids.sale_line_ids.order_id for move in documents}

    # ------------------------------------------------------------------
    # Business: portal home tiles
    # ------------------------------------------------------------------
    def _dealer_home_counters(self, user, counters):
        """Values of the dealer home tiles requested in ``counters``, each
        only for the roles that may open the page behind it (others get 0,
        which hides the tile): ``dealer_to_approve_count`` (orders awaiting
        approval), ``dealer_in_transit_count``, ``dealer_open_invoice_count``
        and ``dealer_available_credit`` (formatted amount). Counts are
        searched as ``user``, so record rules apply."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        SaleOrder = self.env["sale.order"].with_user(user)
        values = {}
        sees_orders = user._dealer_sees_orders()
        base = SaleOrder._dealer_history_base_domain(commercial)
        if "dealer_to_approve_count" in counters:
            count = 0
            if sees_orders:
                count = SaleOrder.search_count(base + [("dealer_approval_state", "=", "pending")])
            values["dealer_to_approve_count"] = count
        if "dealer_in_transit_count" in counters:
            count = 0
            if sees_orders:
                count = SaleOrder.search_count(base + [("dealer_stage", "in", IN_TRANSIT_STAGES)])
            values["dealer_in_transit_count"] = count
        if "dealer_open_invoice_count" in counters:
            count = 0
            if "invoice" in user._dealer_document_types():
                count = (
                    self.env["account.move"]
                    .with_user(user)
                    .search_count(
                        [
                            ("move_type", "=", "out_invoice"),
                            ("state", "=", "posted"),
                            ("commercial_partner_id", "=", commercial.id),
                            ("payment_state", "in", ("not_paid", "partial")),
                        ]
                    )
                )
            values["dealer_open_invoice_count"] = count
        if "dealer_available_credit" in counters:
            amount = 0
            if user._dealer_sees_account():
                # Credit figures come from the journal, which portal users
                # cannot read; the role was checked just above.
                position = commercial.sudo()._dealer_credit_position()
                currency = self.env["res.currency"].browse(position["currency_id"])
                amount = _format_amount(self.env, position["available"], currency)
            values["dealer_available_credit"] = amount
        return values

    # ------------------------------------------------------------------
    # Business: account page
    # ------------------------------------------------------------------
    def _dealer_account_values(self):
        """Values of the dealer's account page, from dealer_credit (position,
        payment history) and dealer_pricing (active agreements and schemes).
        Runs elevated (the journal is not readable by portal users): callers
        check the role first."""
        self.ensure_one()
        partner = self.commercial_partner_id
        position = partner._dealer_credit_position()
        payments = partner._dealer_payment_history(limit=50)
        pricing = partner._dealer_active_pricing()
        currency = (
            self.env["res.currency"].browse(position.get("currency_id")) if position else self.env.company.currency_id
        )
        return {
            "partner": partner,
            "position": position,
            "currency": currency,
            # dealer_credit gives the utilisation in percent already.
            "utilisation_pct": float_round(position.get("utilisation") or 0.0, 1) if position else 0.0,
            "payments": payments,
            "agreements": [_pricing_row(row) for row in pricing.get("agreements", [])],
            "schemes": [_pricing_row(row) for row in pricing.get("schemes", [])],
        }


def _to_date(value):
    if not value:
        return None
    try:
        return fields.Date.to_date(value)
    except (ValueError, TypeError):
        return None


def _format_amount(env, amount, currency):
    return format_amount(env, amount, currency)


def _pricing_row(row):
    """Normalise an agreement/scheme entry of ``_dealer_active_pricing`` for
    display: {name, products_label, date_end}."""
    products = row.get("products") or row.get("product_names") or []
    if isinstance(products, models.BaseModel):
        products = products.mapped("display_name")
    if isinstance(products, (list, tuple)):
        names = [p if isinstance(p, str) else (p.get("name") if isinstance(p, dict) else str(p)) for p in products]
        label = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
    else:
        label = str(products)
    return {
        "name": row.get("name") or "",
        "products_label": label or row.get("scope") or "",
        "date_end": row.get("date_end") or row.get("end_date") or False,
    }
