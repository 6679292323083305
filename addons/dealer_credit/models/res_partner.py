from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

AGEING_BUCKETS = ("current", "1_30", "31_60", "61_90", "90_plus")
CREDIT_GROUPS = "base.group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    dealer_credit_hold = fields.Boolean(
        "Credit Hold",
        tracking=True,
        help="Set by finance: the dealer cannot order on account until released.",
    )
    dealer_credit_hold_reason = fields.Char("Credit Hold Reason", tracking=True)
    # The figures are back-office data: the dealer's finance users see them on
    # the account page (read elevated after the role check), never through
    # the ORM, so portal users (whatever their role) cannot read them by RPC.
    dealer_credit_currency_id = fields.Many2one("res.currency", compute="_compute_dealer_credit", groups=CREDIT_GROUPS)
    dealer_credit_limit_set = fields.Boolean(compute="_compute_dealer_credit", groups=CREDIT_GROUPS)
    dealer_credit_exposure = fields.Monetary(
        "Credit Exposure",
        currency_field="dealer_credit_currency_id",
        compute="_compute_dealer_credit",
        groups=CREDIT_GROUPS,
    )
    dealer_credit_exposure_receivable = fields.Monetary(
        "Open Receivables",
        currency_field="dealer_credit_currency_id",
        compute="_compute_dealer_credit",
        groups=CREDIT_GROUPS,
        help="Posted invoices not yet paid, minus open credit notes and unapplied payments.",
    )
    dealer_credit_exposure_orders = fields.Monetary(
        "Confirmed, Not Invoiced",
        currency_field="dealer_credit_currency_id",
        compute="_compute_dealer_credit",
        groups=CREDIT_GROUPS,
    )
    dealer_credit_exposure_pending = fields.Monetary(
        "Orders Pending Approval",
        currency_field="dealer_credit_currency_id",
        compute="_compute_dealer_credit",
        groups=CREDIT_GROUPS,
    )
    dealer_credit_available = fields.Monetary(
        "Available Credit",
        currency_field="dealer_credit_currency_id",
        compute="_compute_dealer_credit",
        groups=CREDIT_GROUPS,
    )
    dealer_credit_utilisation = fields.Float(
        "Credit Utilisation (%)", compute="_compute_dealer_credit", groups=CREDIT_GROUPS
    )
    dealer_credit_overdue_amount = fields.Monetary(
        "Overdue Amount",
        currency_field="dealer_credit_currency_id",
        compute="_compute_dealer_credit",
        groups=CREDIT_GROUPS,
    )
    dealer_credit_overdue_days = fields.Integer("Days Overdue", compute="_compute_dealer_credit", groups=CREDIT_GROUPS)
    dealer_credit_on_hold = fields.Boolean("On Credit Hold", compute="_compute_dealer_credit", groups=CREDIT_GROUPS)
    dealer_credit_hold_status = fields.Char("Hold Status", compute="_compute_dealer_credit", groups=CREDIT_GROUPS)

    def _commercial_fields(self):
        return super()._commercial_fields() + ["dealer_credit_hold", "dealer_credit_hold_reason"]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends_context("company")
    def _compute_dealer_credit(self):
        # Records being edited (onchange) have no id yet: their saved version has the figures.
        commercial = self._origin.commercial_partner_id.filtered("id")
        positions = commercial._dealer_credit_positions() if commercial else {}
        currency = self.env.company.currency_id
        # Field of this model -> key of ``_dealer_credit_positions``; a
        # partner with no position (not a dealer, or no id yet) reads zeros.
        fields_keys = {
            "dealer_credit_limit_set": "limit_set",
            "dealer_credit_exposure": "exposure",
            "dealer_credit_exposure_receivable": "exposure_receivable",
            "dealer_credit_exposure_orders": "exposure_orders",
            "dealer_credit_exposure_pending": "exposure_pending",
            "dealer_credit_available": "available",
            "dealer_credit_utilisation": "utilisation",
            "dealer_credit_overdue_amount": "overdue_amount",
            "dealer_credit_overdue_days": "overdue_days",
            "dealer_credit_on_hold": "on_hold",
            "dealer_credit_hold_status": "hold_reason",
        }
        for partner in self:
            pos = positions.get(partner._origin.commercial_partner_id.id) or {}
            values = {field: pos.get(key) or False for field, key in fields_keys.items()}
            values["dealer_credit_currency_id"] = pos.get("currency_id") or currency
            partner.update(values)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("credit_limit")
    def _check_dealer_credit_limit(self):
        for partner in self.sudo():
            if partner.credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The credit limit of %(partner)s cannot be negative. Use 0 for no limit, "
                        "or put the dealer on credit hold.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("dealer_credit_hold", "dealer_credit_hold_reason")
    def _check_dealer_credit_hold_reason(self):
        for partner in self:
            if partner.dealer_credit_hold and not (partner.dealer_credit_hold_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason why %(partner)s is on credit hold: the dealer is shown it.",
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business: credit position
    # ------------------------------------------------------------------
    def _dealer_credit_positions(self, exclude_order_ids=(), division=None):
        """Return the credit position of these commercial partners in the
        current company, in company currency::

            {partner_id: {"limit", "limit_set", "exposure", "exposure_receivable",
                          "exposure_orders", "exposure_pending", "available",
                          "overdue_amount", "overdue_days", "on_hold", "hold_reason",
                          "utilisation", "currency_id", "ageing": {"current", "1_30",
                          "31_60", "61_90", "90_plus"}}}

        Exposure = open receivables (posted, net of credit notes and unapplied
        payments) + confirmed orders not yet invoiced + orders pending
        approval; order amounts are converted at each order's own rate.
        ``limit_set`` is False when the native credit limit is 0: no limit,
        the over-credit check is skipped. ``exclude_order_ids`` leaves those
        orders out of the exposure (the order being checked). Credit is per
        company; the overdue hold threshold is the dealer's tier's in
        ``division`` (see ``_dealer_tier``): an order's division decides it.

        Three queries whatever the number of partners (receivables, orders,
        limits/holds); private, reads elevated: dealers may see their own
        figures, which come from records (payments, other companies' rules)
        a portal user cannot read.
        """
        self_sudo = self.sudo()
        self_sudo.fetch(["commercial_partner_id"])
        partners_sudo = self_sudo.commercial_partner_id
        if not partners_sudo:
            return {}
        company = self.env.company
        currency = company.currency_id
        receivables = self._dealer_credit_receivable_figures(partners_sudo.ids, company)
        orders = self._dealer_credit_order_figures(partners_sudo.ids, company, exclude_order_ids)
        digits = currency.decimal_places
        partners_sudo = partners_sudo.with_company(company)
        # Only these columns: res.partner rows are wide, prefetching them all would dominate.
        partners_sudo.fetch(["credit_limit", "dealer_tier_id", "dealer_credit_hold", "dealer_credit_hold_reason"])
        tiers = partners_sudo._dealer_tiers(division)
        result = {}
        for partner in partners_sudo:
            rec = receivables.get(partner.id, {})
            ords = orders.get(partner.id, {})
            exposure_receivable = rec.get("residual", 0.0)
            exposure_orders = ords.get("orders", 0.0)
            exposure_pending = ords.get("pending", 0.0)
            exposure = exposure_receivable + exposure_orders + exposure_pending
            limit = partner.credit_limit or 0.0
            overdue_days = rec.get("overdue_days", 0)
            threshold = tiers[partner.id]._dealer_hold_threshold(company)
            hold_reason = ""
            if partner.dealer_credit_hold:
                hold_reason = partner.dealer_credit_hold_reason or ""
            elif threshold and overdue_days > threshold:
                hold_reason = self.env._(
                    "an invoice is %(days)s days overdue (the limit is %(threshold)s days)",
                    days=overdue_days,
                    threshold=threshold,
                )
            result[partner.id] = {
                "limit": limit,
                "limit_set": limit > 0,
                "exposure": round(exposure, digits),
                "exposure_receivable": round(exposure_receivable, digits),
                "exposure_orders": round(exposure_orders, digits),
                "exposure_pending": round(exposure_pending, digits),
                "available": round(limit - exposure, digits),
                "overdue_amount": round(rec.get("overdue", 0.0), digits),
                "overdue_days": overdue_days,
                "on_hold": bool(hold_reason),
                "hold_reason": hold_reason,
                "utilisation": round(exposure / limit * 100.0, 1) if limit > 0 else 0.0,
                "currency_id": currency.id,
                "ageing": {bucket: round(rec.get(bucket, 0.0), digits) for bucket in AGEING_BUCKETS},
            }
        return result

    def _dealer_credit_position(self, exclude_order_ids=(), division=None):
        """The credit position of this partner's commercial partner; see
        ``_dealer_credit_positions``."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return commercial._dealer_credit_positions(exclude_order_ids=exclude_order_ids, division=division)[
            commercial.id
        ]

    @api.model
    def _dealer_credit_receivable_figures(self, partner_ids, company):
        """Open receivables per commercial partner, in company currency: net
        residual, overdue amount and age, ageing buckets. One query."""
        today = fields.Date.context_today(self)
        due = SQL("COALESCE(l.date_maturity, l.date)")
        self.env["account.move.line"].flush_model(
            [
                "amount_residual",
                "partner_id",
                "company_id",
                "parent_state",
                "account_id",
                "reconciled",
                "date_maturity",
                "date",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
            SELECT p.commercial_partner_id,
                   SUM(l.amount_residual),
                   SUM(l.amount_residual) FILTER (WHERE l.amount_residual > 0 AND %(due)s < %(today)s),
                   MIN(%(due)s) FILTER (WHERE l.amount_residual > 0 AND %(due)s < %(today)s),
                   SUM(l.amount_residual) FILTER (WHERE %(due)s >= %(today)s),
                   SUM(l.amount_residual) FILTER (WHERE %(due)s < %(today)s AND %(due)s >= %(d30)s),
                   SUM(l.amount_residual) FILTER (WHERE %(due)s < %(d30)s AND %(due)s >= %(d60)s),
                   SUM(l.amount_residual) FILTER (WHERE %(due)s < %(d60)s AND %(due)s >= %(d90)s),
                   SUM(l.amount_residual) FILTER (WHERE %(due)s < %(d90)s)
              FROM account_move_line l
              JOIN res_partner p ON p.id = l.partner_id
              JOIN account_account a ON a.id = l.account_id
             WHERE p.commercial_partner_id = ANY(%(partner_ids)s)
               AND l.company_id = %(company_id)s
               AND l.parent_state = 'posted'
               AND a.account_type = 'asset_receivable'
               AND NOT l.reconciled
          GROUP BY p.commercial_partner_id
            """,
                due=due,
                today=today,
                d30=today - timedelta(days=30),
                d60=today - timedelta(days=60),
                d90=today - timedelta(days=90),
                partner_ids=list(partner_ids),
                company_id=company.id,
            )
        )
        figures = {}
        for pid, residual, overdue, oldest, current, b30, b60, b90, b90p in self.env.cr.fetchall():
            figures[pid] = {
                "residual": residual or 0.0,
                "overdue": overdue or 0.0,
                "overdue_days": (today - oldest).days if oldest else 0,
                "current": current or 0.0,
                "1_30": b30 or 0.0,
                "31_60": b60 or 0.0,
                "61_90": b90 or 0.0,
                "90_plus": b90p or 0.0,
            }
        return figures

    @api.model
    def _dealer_credit_order_figures(self, partner_ids, company, exclude_order_ids=()):
        """Per commercial partner, in company currency: the uninvoiced part of
        confirmed orders, and the total of orders pending approval. Each order
        is converted at its own rate (``currency_rate``, fixed at the order
        date). One query."""
        self.env["sale.order.line"].flush_model(["price_total", "product_uom_qty", "qty_invoiced", "order_id"])
        self.env["sale.order"].flush_model(
            ["state", "dealer_approval_state", "currency_rate", "partner_id", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """
            SELECT p.commercial_partner_id,
                   SUM(CASE WHEN l.product_uom_qty > 0
                            THEN l.price_total * GREATEST(l.product_uom_qty - l.qty_invoiced, 0) / l.product_uom_qty
                            ELSE 0 END / COALESCE(NULLIF(o.currency_rate, 0), 1)) FILTER (WHERE o.state = 'sale'),
                   SUM(l.price_total / COALESCE(NULLIF(o.currency_rate, 0), 1))
                       FILTER (WHERE o.state IN ('draft', 'sent') AND o.dealer_approval_state = 'pending')
              FROM sale_order_line l
              JOIN sale_order o ON o.id = l.order_id
              JOIN res_partner p ON p.id = o.partner_id
             WHERE p.commercial_partner_id = ANY(%(partner_ids)s)
               AND o.company_id = %(company_id)s
               AND (o.state = 'sale' OR (o.state IN ('draft', 'sent') AND o.dealer_approval_state = 'pending'))
               AND NOT (o.id = ANY(%(exclude)s))
          GROUP BY p.commercial_partner_id
            """,
                partner_ids=list(partner_ids),
                company_id=company.id,
                exclude=list(exclude_order_ids or []),
            )
        )
        return {
            pid: {"orders": orders or 0.0, "pending": pending or 0.0} for pid, orders, pending in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------------
    # Business: payment history
    # ------------------------------------------------------------------
    def _dealer_payment_history(self, limit=None):
        """Payments received from this dealer, newest first, with the invoices
        each one settled::

            [{"date", "name", "amount", "currency_id", "invoices": [{"name", "amount"}]}]

        ``amount`` is in the payment's currency; an invoice's ``amount`` is
        the part of the payment applied to it (company currency). Private
        and elevated: portal users cannot read ``account.payment``; it only
        ever reads this partner's own commercial partner.
        """
        self.ensure_one()
        commercial_sudo = self.sudo().commercial_partner_id
        payments_sudo = (
            self.env["account.payment"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", commercial_sudo.id),
                    ("partner_type", "=", "customer"),
                    ("payment_type", "=", "inbound"),
                    ("state", "in", ("paid", "in_process")),
                    ("company_id", "=", self.env.company.id),
                ],
                order="date desc, id desc",
                limit=limit,
            )
        )
        if not payments_sudo:
            return []
        receivable_lines = payments_sudo.move_id.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search(
                [
                    "|",
                    ("credit_move_id", "in", receivable_lines.ids),
                    ("debit_move_id", "in", receivable_lines.ids),
                ]
            )
        )
        applied = {}
        for partial in partials:
            if partial.credit_move_id in receivable_lines:
                pay_line, inv_line = partial.credit_move_id, partial.debit_move_id
            else:
                pay_line, inv_line = partial.debit_move_id, partial.credit_move_id
            applied.setdefault(pay_line.move_id.id, []).append(
                {
                    "name": inv_line.move_id.name,
                    "amount": partial.amount,
                }
            )
        history = []
        for payment in payments_sudo:
            if payment.move_id:
                invoices = applied.get(payment.move_id.id, [])
            else:
                # Payments without a journal entry (no outstanding account) name their invoices directly.
                invoices = [{"name": inv.name, "amount": inv.amount_total_signed} for inv in payment.invoice_ids]
            history.append(
                {
                    "date": payment.date,
                    "name": payment.name,
                    "amount": payment.amount,
                    "currency_id": payment.currency_id.id,
                    "invoices": invoices,
                }
            )
        return history

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

    def action_dealer_credit_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            "|",
            ("state", "=", "sale"),
            ("dealer_approval_state", "=", "pending"),
        ]
        action["context"] = {}
        return action
