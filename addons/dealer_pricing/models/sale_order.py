import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from ..const import APPROVAL, BACKOFFICE_CHANNELS, BLOCK, ISSUE_PRICE_NONSTANDARD, MAX_LINE_QTY, SEVERITIES
from ..tools.compare import value_differs
from ..tools.format import fmt_qty


class SaleOrder(models.Model):
    _name = "sale.order"
    # The mixin first: its mail hooks wrap the model's own.
    _inherit = ["dealer.brand.mixin", "sale.order"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    # Channel addons add their values with selection_add (email and WhatsApp:
    # dealer_order_intake). The portal's value stays here because the demo
    # and tests of the addons below the portal submit dealer orders with it.
    dealer_channel = fields.Selection(
        [
            ("portal", "Dealer portal"),
            ("backoffice", "Back office"),
            ("phone", "Phone"),
        ],
        string="Order Channel",
        index=True,
        copy=False,
        tracking=True,
    )
    dealer_division_id = fields.Many2one(
        "dealer.division",
        "Division",
        compute="_compute_dealer_division_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The brand or division this order is placed with: its terms, catalog and documents apply.",
    )
    dealer_tier_id = fields.Many2one(
        "dealer.tier",
        compute="_compute_dealer_tier_id",
        string="Dealer Tier",
        help="The dealer's tier in the order's division: its price list, assortment and quantity rules apply.",
    )
    is_dealer_order = fields.Boolean(compute="_compute_is_dealer_order", store=True)
    dealer_po_ref = fields.Char(
        "Dealer PO Reference",
        related="client_order_ref",
        readonly=False,
        help="The dealer's own purchase order number.",
    )
    dealer_submitted_at = fields.Datetime("Submitted On", copy=False, readonly=True, index=True)
    dealer_submitted_by = fields.Many2one("res.users", "Submitted By", copy=False, readonly=True)
    dealer_confirmed_at = fields.Datetime("Confirmed On", copy=False, readonly=True)
    dealer_submission_key = fields.Char(copy=False, readonly=True, index="btree_not_null")
    dealer_attempt_ids = fields.One2many("dealer.order.attempt", "order_id", string="Submission Attempts")
    dealer_attempt_count = fields.Integer(compute="_compute_dealer_attempt_count")
    dealer_has_nonstandard_price = fields.Boolean(
        "Non-standard Price", compute="_compute_dealer_has_nonstandard_price", store=True
    )
    dealer_correction_reason_id = fields.Many2one(
        "dealer.order.correction.reason",
        "Correction Reason",
        copy=False,
        help="Why you change this order after the dealer submitted it. Required to save a change to its "
        "lines, prices or delivery address, and to cancel or re-enter it; kept with each change, then cleared.",
    )
    dealer_correction_ids = fields.One2many(
        "dealer.order.correction", "order_id", string="Corrections", groups="sales_team.group_sale_salesman"
    )
    dealer_correction_count = fields.Integer(
        compute="_compute_dealer_correction_count", groups="sales_team.group_sale_salesman"
    )
    dealer_correction_pending = fields.Boolean(
        compute="_compute_dealer_correction_pending",
        help="The form holds a change to a submitted order that will be recorded as a correction.",
    )
    dealer_replaces_order_id = fields.Many2one(
        "sale.order",
        "Re-enters",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The cancelled submitted order this order was entered again for.",
    )

    _sql_constraints = [
        (
            "dealer_submission_key_uniq",
            "unique(dealer_submission_key)",
            "This submission was already received.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("team_id", "partner_id", "company_id")
    def _compute_dealer_division_id(self):
        """The team's division, else the hook's (the website, dealer_portal),
        else the dealer's only division (in the order's company), else the
        division already set."""
        # Divisions are configuration: read to route the order, not shown.
        Division = self.env["dealer.division"].sudo()
        if not Division.search_count([], limit=1):
            # A manufacturer without divisions: nothing to route.
            for order in self:
                order.dealer_division_id = order.dealer_division_id
            return
        teams = self.team_id.filtered("id")
        by_team = {}
        if teams:
            divisions_sudo = Division.search([("team_id", "in", teams.ids)])
            for division_sudo in divisions_sudo:
                by_team.setdefault(division_sudo.team_id.id, division_sudo)
        for order in self:
            division = by_team.get(order.team_id.id) or order._dealer_default_division()
            if not division and order.partner_id:
                divisions = order.partner_id._dealer_divisions().filtered(
                    lambda d, company=order.company_id: not company or d.company_id == company
                )
                division = divisions if len(divisions) == 1 else None
            # Nothing found: the division already set (or none) stays.
            order.dealer_division_id = division.sudo(False) if division else order.dealer_division_id

    @api.depends("partner_id", "dealer_division_id")
    def _compute_dealer_tier_id(self):
        for order in self:
            order.dealer_tier_id = (
                order.partner_id._dealer_tier(order.dealer_division_id).sudo(False) if order.partner_id else False
            )

    @api.depends(
        "partner_id.commercial_partner_id.dealer_tier_id",
        "partner_id.commercial_partner_id.dealer_terms_ids",
    )
    def _compute_is_dealer_order(self):
        # A dealer's order in any division: the one door holds for it, and the
        # pipeline tells it when it has no terms in the order's division.
        for order in self:
            commercial_sudo = order.partner_id.commercial_partner_id.sudo()
            order.is_dealer_order = bool(commercial_sudo.dealer_tier_id or commercial_sudo.dealer_terms_ids)

    @api.depends("partner_id", "company_id", "dealer_division_id")
    def _compute_pricelist_id(self):
        """A dealer order is priced at the tier list of its division."""
        res = super()._compute_pricelist_id()
        for order in self:
            if order.state != "draft" or not order.partner_id:
                continue
            pricelist = order.partner_id._dealer_tier(order.dealer_division_id).pricelist_id
            if pricelist and (not pricelist.company_id or pricelist.company_id == order.company_id):
                order.pricelist_id = pricelist.sudo(False)
        return res

    def _compute_dealer_attempt_count(self):
        groups = self.env["dealer.order.attempt"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.dealer_attempt_count = counts.get(order.id, 0)

    @api.depends("order_line.dealer_price_nonstandard")
    def _compute_dealer_has_nonstandard_price(self):
        for order in self:
            order.dealer_has_nonstandard_price = any(order.order_line.mapped("dealer_price_nonstandard"))

    def _compute_dealer_correction_count(self):
        groups = self.env["dealer.order.correction"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.dealer_correction_count = counts.get(order.id, 0)

    @api.depends(
        "partner_shipping_id",
        "order_line",
        "order_line.product_id",
        "order_line.product_uom_qty",
        "order_line.product_uom",
        "order_line.price_unit",
        "order_line.discount",
    )
    def _compute_dealer_correction_pending(self):
        # Only a form's unsaved record (a new record with an origin) holds a
        # pending change: the view requires the reason then, and only then,
        # so the form's other buttons never ask for one.
        Line = self.env["sale.order.line"]
        line_fields = list(Line._dealer_correction_line_fields())
        header_fields = list(self._dealer_correction_order_fields())
        for order in self:
            origin = order._origin
            pending = False
            if origin and order.id != origin.id and origin._dealer_is_corrected_state():
                kept = order.order_line.filtered(lambda line: line._origin)
                pending = bool(
                    any(value_differs(order, f, order[f], origin[f]) for f in header_fields)
                    or order.order_line.filtered(lambda line: not line._origin and line._dealer_is_correction_line())
                    or (origin.order_line.filtered(lambda line: line._dealer_is_correction_line()) - kept._origin)
                    or any(
                        value_differs(Line, f, line[f], line._origin[f])
                        for line in kept
                        if line._origin._dealer_is_correction_line()
                        for f in line_fields
                    )
                )
            order.dealer_correction_pending = pending

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dealer_check_pipeline_write(vals)
        reentered = self.browse(
            {vals["dealer_replaces_order_id"] for vals in vals_list if vals.get("dealer_replaces_order_id")}
        )
        reasons = reentered._dealer_reentry_reasons()
        self._dealer_number_by_division(vals_list)
        # sale's create writes the name it numbers into the values: read first.
        names = [vals.get("name") for vals in vals_list]
        orders = super().create(vals_list)
        orders._dealer_apply_division_sequence(names)
        orders._dealer_apply_division_team()
        if any(vals.get("state") == "sale" for vals in vals_list):
            orders._dealer_check_state_write()
        orders.filtered("dealer_replaces_order_id")._dealer_log_reentries(reasons)
        return orders

    @api.model
    def _dealer_number_by_division(self, vals_list):
        """Give the values of a new order of a division that numbers its own
        orders (an order prefix) that division's next number, before sale's
        create numbers it: the standard sale sequence then keeps no gap for
        it. The division is the one given, else the one the order will get
        (``_compute_dealer_division_id`` on a draft record of the values)."""
        new = self.env._("New")
        pending = [vals for vals in vals_list if vals.get("name", new) == new]
        # Divisions are configuration: only which one numbers its orders is read.
        Division = self.env["dealer.division"].sudo()
        if not pending or not Division.search_count([("sequence_id", "!=", False)], limit=1):
            return
        simple = {name for name, field in self._fields.items() if field.type not in ("one2many", "many2many")}
        # One draft per order without a given division, computed together:
        # the division's compute is batched (one team lookup for them all).
        drafts = self.browse()
        for vals in pending:
            if not vals.get("dealer_division_id"):
                drafts |= self.new({key: value for key, value in vals.items() if key in simple})
        drafts = iter(drafts)
        for vals in pending:
            if vals.get("dealer_division_id"):
                division_sudo = Division.browse(vals["dealer_division_id"])
            else:
                division_sudo = next(drafts).dealer_division_id.sudo()
            if division_sudo.sequence_id:
                seq_date = (
                    fields.Datetime.context_timestamp(self, fields.Datetime.to_datetime(vals["date_order"]))
                    if vals.get("date_order")
                    else None
                )
                vals["name"] = division_sudo.sequence_id.next_by_id(sequence_date=seq_date) or new

    def _dealer_apply_division_sequence(self, names):
        """Number the orders of ``self`` whose name was not given (``names``:
        the names given at create, in order) with their division's sequence,
        when it has one: those whose division was only known once created
        (``_dealer_number_by_division`` numbers the others beforehand)."""
        new = self.env._("New")
        for order, name in zip(self, names, strict=True):
            sequence = order.dealer_division_id.sudo().sequence_id
            if sequence and (not name or name == new):
                # The division's numbering is configuration the seller does not manage.
                order.sudo().name = sequence.next_by_id(sequence_date=order.date_order) or order.name

    def copy_data(self, default=None):
        # A cancelled submitted order copied is that order entered again.
        vals_list = super().copy_data(default=default)
        if default and "dealer_replaces_order_id" in default:
            return vals_list
        for order, vals in zip(self, vals_list, strict=True):
            if order._dealer_is_reenterable():
                vals["dealer_replaces_order_id"] = order.id
        return vals_list

    def write(self, vals):
        self._dealer_check_pipeline_write(vals)
        corrected = self._dealer_corrected_orders()
        if corrected and len(self) > 1 and "order_line" in vals:
            # The lines of each order are corrected with that order's reason.
            for order in self:
                order.write(vals)
            return True
        reentry_reasons = self.browse(vals.get("dealer_replaces_order_id"))._dealer_reentry_reasons()
        reasons, rows = {}, []
        if corrected:
            reasons = corrected._dealer_correction_reasons(vals.get("dealer_correction_reason_id"))
            rows = corrected._dealer_header_corrections(vals)
            corrected._dealer_check_correction_reasons(reasons, {row["order_id"] for row in rows})
        reopened = self.browse()
        if vals.get("state") in ("draft", "sent"):
            reopened = self.filtered(lambda order: order.state in ("sale", "cancel") and order.dealer_submitted_at)
        records = self
        if corrected and "order_line" in vals and reasons.get(self.id):
            # Lines written through the order take the reason given with it.
            records = self.with_context(dealer_correction_reason_id=reasons[self.id].id)
        res = super(SaleOrder, records).write(vals)
        if rows:
            for row in rows:
                row["reason_id"] = reasons[row["order_id"]].id
            self._dealer_log_corrections(rows)
        if rows or (corrected and "order_line" in vals):
            # A reason is given for one correction: the next one asks again.
            corrected._dealer_clear_correction_reason()
        if reopened:
            reopened._dealer_clear_submission()
        if vals.get("state") == "sale":
            self._dealer_check_state_write()
        if reentry_reasons:
            self._dealer_log_reentries(reentry_reasons)
        if vals.get("dealer_division_id"):
            self.filtered(lambda order: order.state in ("draft", "sent"))._dealer_apply_division_team()
        return res

    def _dealer_apply_division_team(self):
        """An order of a division is handled by the division's sales team,
        when it has one (its team then routes the order to that division)."""
        for order in self:
            # The division's team is configuration a salesman (or the portal's
            # dealer) cannot read; the order itself is written as the user.
            team_sudo = order.dealer_division_id.sudo().team_id
            if team_sudo and order.team_id != team_sudo:
                order.team_id = team_sudo.sudo(False)

    def _dealer_clear_submission(self):
        """A confirmed or cancelled order set back to a quotation (by
        ``action_draft`` or by writing its state) is a new submission to
        come: what was submitted no longer lets it be confirmed."""
        # The pipeline's own fields: only it writes them.
        self.sudo().write({"dealer_submitted_at": False, "dealer_submitted_by": False, "dealer_submission_key": False})

    def _dealer_check_state_write(self):
        # Writing the state itself (RPC create or write) skips action_confirm:
        # the same gate holds. Raised after the write, so it is rolled back.
        if self.env.su:
            return
        for order in self:
            error = order.state == "sale" and order._dealer_confirmation_error()
            if error:
                raise UserError(error)

    @api.model
    def _dealer_pipeline_fields(self):
        """Fields only the submission pipeline and the approval after it may
        set: the confirmation gate trusts them. Extend with ``super()``."""
        return {"dealer_submitted_at", "dealer_submitted_by", "dealer_submission_key", "dealer_confirmed_at"}

    @api.model
    def _dealer_check_pipeline_write(self, vals):
        # Any caller, portal users included, may send any values over RPC: the
        # pipeline writes its own fields elevated, everyone else is refused.
        if self.env.su:
            return
        forged = self._dealer_pipeline_fields() & set(vals)
        if forged:
            raise AccessError(
                self.env._(
                    "%(fields)s can only be set by submitting the order.",
                    fields=", ".join(sorted(forged)),
                )
            )

    # ------------------------------------------------------------------
    # Corrections after submission
    # ------------------------------------------------------------------
    @api.model
    def _dealer_correction_order_fields(self):
        """Order fields whose change by the back office after submission is a
        correction: ``{field name: correction kind}``. The lines are followed
        by ``sale.order.line._dealer_correction_line_fields``, the
        cancellation by ``_dealer_header_corrections``. Extend with
        ``super()``."""
        return {"partner_shipping_id": "address"}

    @api.model
    def _dealer_tracks_corrections(self):
        """Whether a change made in this environment is a correction: one made
        by a back-office user. The system's own writes are not (superuser and
        elevated code: the pipeline, approvals, deliveries, invoicing), nor
        the dealer's own on the portal."""
        return not self.env.su and self.env.user._is_internal()

    def _dealer_is_corrected_state(self):
        """Submitted by the dealer and not cancelled: a change now corrects
        what the dealer submitted."""
        self.ensure_one()
        return bool(self.dealer_submitted_at) and self.state != "cancel"

    def _dealer_corrected_orders(self):
        """The orders of ``self`` that a change made now would correct."""
        if not self or not self._dealer_tracks_corrections():
            return self.browse()
        return self.filtered(lambda order: order._dealer_is_corrected_state())

    def _dealer_is_reenterable(self):
        """A cancelled submitted dealer order: entering it again is a
        correction of it."""
        self.ensure_one()
        return self.state == "cancel" and bool(self.dealer_submitted_at) and self.is_dealer_order

    def _dealer_correction_reasons(self, reason_id=None):
        """``{order id: reason}`` for correcting the orders of ``self`` now:
        ``reason_id`` (written with the change), else the context key
        ``dealer_correction_reason_id``, else each order's Correction Reason.
        An empty reason means none was given."""
        given = reason_id or self.env.context.get("dealer_correction_reason_id")
        if given:
            if isinstance(given, bool) or not isinstance(given, int):
                raise UserError(self.env._("The correction reason is not valid."))
            reason = self.env["dealer.order.correction.reason"].browse(given).exists()
            if not reason:
                raise UserError(self.env._("The correction reason does not exist."))
            return dict.fromkeys(self.ids, reason)
        return {order.id: order.dealer_correction_reason_id for order in self}

    def _dealer_check_correction_reasons(self, reasons, order_ids):
        """Refuse the change unless each order of ``order_ids`` has a reason
        in ``reasons``."""
        missing = self.browse(sorted(oid for oid in order_ids if not reasons.get(oid)))
        if missing:
            raise UserError(
                self.env._(
                    "Choose a Correction Reason for %(orders)s: the dealer already submitted it, so every "
                    "change to its lines, prices, delivery address or state is recorded with a reason. "
                    "Nothing was changed.",
                    orders=", ".join(missing.mapped("name")),
                )
            )

    def _dealer_clear_correction_reason(self):
        with_reason = self.filtered("dealer_correction_reason_id")
        if not with_reason:
            return True
        return super(SaleOrder, with_reason).write({"dealer_correction_reason_id": False})

    def _dealer_header_corrections(self, vals):
        """The corrections ``vals`` makes to the orders of ``self`` (all
        corrected): their tracked fields (``_dealer_correction_order_fields``)
        and a cancellation, as values for ``_dealer_log_corrections`` still
        without their reason."""
        rows = []
        for fname, kind in self._dealer_correction_order_fields().items():
            if fname not in vals:
                continue
            field = self._fields[fname]
            new = field.convert_to_record(field.convert_to_cache(vals[fname], self), self)
            for order in self:
                if value_differs(self, fname, order[fname], new):
                    rows.append(
                        order._dealer_correction_row(
                            kind,
                            fname,
                            order._dealer_correction_text(fname, order[fname]),
                            order._dealer_correction_text(fname, new),
                        )
                    )
        if vals.get("state") == "cancel":
            labels = dict(self._fields["state"]._description_selection(self.env))
            rows.extend(
                order._dealer_correction_row("cancel", "state", labels[order.state], labels["cancel"]) for order in self
            )
        return rows

    def _dealer_correction_row(self, kind, field_name, old_value, new_value, line=None, reason=None):
        """The values of one correction of this order, for
        ``_dealer_log_corrections``."""
        self.ensure_one()
        return {
            "order_id": self.id,
            "line_id": line.id if line else False,
            "product_id": line.product_id.id if line else False,
            "kind": kind,
            "field_name": field_name,
            "old_value": old_value or "",
            "new_value": new_value or "",
            "reason_id": reason.id if reason else False,
        }

    def _dealer_correction_text(self, fname, value):
        """A header field's value as the corrections read: an address in one
        line."""
        if self._fields[fname].type != "many2one":
            return str(value or "")
        if not value:
            return ""
        if value._name == "res.partner":
            return " ".join((value.with_context(show_address=True).display_name or "").split())
        return value.display_name

    @api.model
    def _dealer_log_corrections(self, values_list):
        """Hook: record the corrections of ``values_list`` (dicts with
        ``order_id``, ``kind``, ``field_name``, ``old_value``, ``new_value``,
        ``reason_id`` and, for a line, ``line_id`` and ``product_id``) as
        ``dealer.order.correction`` rows, completed with the dealer, company,
        user and date, and return the rows. Called once per write with every
        correction it made, only for back-office changes to submitted orders.
        Extend with ``super()``, e.g. to tell the dealer's systems that the
        order changed after submission."""
        Correction = self.env["dealer.order.correction"]
        if not values_list:
            return Correction
        orders = self.browse({vals["order_id"] for vals in values_list})
        now = fields.Datetime.now()
        rows = []
        for vals in values_list:
            order = orders.browse(vals["order_id"])
            rows.append(
                {
                    **vals,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "company_id": order.company_id.id,
                    "user_id": self.env.uid,
                    "date": now,
                }
            )
        # Whoever may change a submitted order records the change (an invoicing
        # user holds no sales rights); reading the log is the sales team's.
        corrections_sudo = Correction.sudo().create(rows)
        return corrections_sudo.sudo(False)

    def _dealer_reentry_reasons(self):
        """``{order id: reason}`` for entering again the orders of ``self``
        (the originals), checked before anything is written: each must be a
        cancelled submitted order, and have a reason: the one given now, else
        the one it was cancelled for. Empty when the change is the system's."""
        if not self or not self._dealer_tracks_corrections():
            return {}
        wrong = self.filtered(lambda order: not order._dealer_is_reenterable())
        if wrong:
            raise UserError(
                self.env._(
                    "Only a cancelled order that the dealer had submitted can be entered again: %(orders)s.",
                    orders=", ".join(wrong.mapped("name")),
                )
            )
        reasons = self._dealer_correction_reasons()
        missing = self.filtered(lambda order: not reasons[order.id])
        if missing:
            # The log is read elevated for its reasons only, whoever re-enters.
            cancels_sudo = (
                self.env["dealer.order.correction"]
                .sudo()
                .search([("order_id", "in", missing.ids), ("kind", "=", "cancel")], order="date desc, id desc")
            )
            for cancel_sudo in cancels_sudo:
                reasons[cancel_sudo.order_id.id] = reasons[cancel_sudo.order_id.id] or cancel_sudo.reason_id.sudo(False)
        self._dealer_check_correction_reasons(reasons, set(self.ids))
        return reasons

    def _dealer_log_reentries(self, reasons):
        """These orders re-enter cancelled submitted orders
        (``dealer_replaces_order_id``): one correction of each original, for
        its reason in ``reasons`` (see ``_dealer_reentry_reasons``)."""
        if not reasons:
            return
        self._dealer_log_corrections(
            [
                order.dealer_replaces_order_id._dealer_correction_row(
                    "reenter",
                    "dealer_replaces_order_id",
                    order.dealer_replaces_order_id.name,
                    order.name,
                    reason=reasons[order.dealer_replaces_order_id.id],
                )
                for order in self
            ]
        )
        self.dealer_replaces_order_id._dealer_clear_correction_reason()

    # ------------------------------------------------------------------
    # The order-check pipeline
    # ------------------------------------------------------------------
    def _get_dealer_order_issues(self):
        """Return the problems that block or divert this order.

        A list of dicts ``{code, severity, line_id, product_id, message,
        hint, values}``: ``severity`` is ``block`` (the order cannot be
        submitted), ``approval`` (it can, but someone must approve it) or
        ``warning`` (shown, nothing more). ``message`` and ``hint`` are
        written for the dealer; ``values`` holds the figures for the back
        office and KPIs. Every channel (portal, email, WhatsApp, file, back
        office) calls this one method. It never writes.

        A template method: the header checks (``_dealer_header_issues``) and
        the assortment come first; then each checker of
        ``_dealer_order_checkers`` runs on the lines that are in the
        catalog. Other addons add checkers, they do not override this.
        """
        self.ensure_one()
        issues = self._dealer_header_issues()
        if issues:
            return issues
        lines = self._dealer_product_lines()
        issues = self._dealer_assortment_issues(lines)
        outside = {issue["line_id"] for issue in issues}
        lines = lines.filtered(lambda line: line.id not in outside)
        for checker in self._dealer_order_checkers():
            issues.extend(getattr(self, checker)(lines, list(issues)))
        return issues

    def _dealer_header_issues(self):
        """Issues that make the rest of the checks meaningless (no tier, no
        products): when there are any, they are the only ones."""
        self.ensure_one()
        commercial_sudo = self.partner_id.commercial_partner_id.sudo()
        if not (commercial_sudo.dealer_tier_id or commercial_sudo.dealer_terms_ids):
            return [
                self._dealer_issue(
                    "no_tier",
                    BLOCK,
                    self.env._("Your account is not set up for dealer ordering yet."),
                    self.env._("Contact your account manager to be assigned a dealer tier."),
                )
            ]
        division_issue = self._dealer_division_issue()
        if division_issue:
            return [division_issue]
        if not self._dealer_product_lines():
            return [
                self._dealer_issue(
                    "empty",
                    BLOCK,
                    self.env._("The order has no products."),
                    self.env._("Add at least one product before submitting."),
                )
            ]
        return []

    def _dealer_division_issue(self):
        """The blocking issue of an order placed with a division the dealer
        does not trade with (it has no terms there), or None."""
        self.ensure_one()
        if self.partner_id._dealer_tier(self._dealer_order_division()):
            return None
        division = self._dealer_order_division()
        if not division:
            return self._dealer_issue(
                "division_missing",
                BLOCK,
                self.env._(
                    "%(dealer)s trades with several divisions: the order does not say which one it is for.",
                    dealer=self.partner_id.commercial_partner_id.name,
                ),
                self.env._("Choose the division of the order."),
            )
        return self._dealer_issue(
            "division_not_traded",
            BLOCK,
            self.env._(
                "%(dealer)s does not buy from %(division)s.",
                dealer=self.partner_id.commercial_partner_id.name,
                division=division.name,
            ),
            self.env._("Order from a division you trade with, or ask your account manager to set up terms there."),
            values={"division_id": division.id},
        )

    def _dealer_assortment_issues(self, lines):
        """One ``not_in_assortment`` issue per line whose product the dealer
        may not buy (see ``res.partner._dealer_allowed_products``)."""
        self.ensure_one()
        allowed = self._dealer_orderable_products(lines.product_id)
        return [
            self._dealer_issue(
                "not_in_assortment",
                BLOCK,
                line.product_id._dealer_not_in_catalog_message(),
                self.env._("Remove this line, or ask your account manager to add the product."),
                line=line,
            )
            for line in lines
            if line.product_id not in allowed
        ]

    def _dealer_orderable_products(self, products):
        """The products of ``products`` this order's dealer may order: the
        assortment rule (``res.partner._dealer_allowed_products``: catalog,
        active, for sale). Extend with ``super()`` to narrow it further."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id._dealer_allowed_products(
            products, division=self._dealer_order_division()
        )

    @api.model
    def _dealer_order_checkers(self):
        """Names of the checkers the pipeline runs, in order, each called as
        ``checker(lines, issues)`` with the order's product lines in the
        catalog and the issues found so far (a copy), and returning a list
        of issues. Extend the list with ``super()`` (as OCA's
        ``_risk_field_list``)."""
        return ["_dealer_line_issues"]

    def _dealer_line_issues(self, lines, issues):
        """Quantity rules and prices of each line."""
        self.ensure_one()
        tier = self.partner_id._dealer_tier(self._dealer_order_division())
        rules = tier._get_quantity_rules(lines.product_id)
        expected = lines._dealer_expected_prices()
        result = []
        for line in lines:
            result.extend(line._dealer_quantity_issues(rules.get(line.product_id.id)))
            result.extend(line._dealer_price_issues(expected.get(line.id)))
        return result

    # ------------------------------------------------------------------
    # Divisions
    # ------------------------------------------------------------------
    def _dealer_order_division(self):
        """The division (sudo, possibly empty) this order is placed with, whose
        terms apply to it: every reader of the order's terms asks this."""
        self.ensure_one()
        return self.dealer_division_id.sudo()

    def _dealer_default_division(self):
        """Hook: the division an order gets when its team belongs to none
        (see ``_compute_dealer_division_id``), sudo, possibly empty. Empty
        here; dealer_portal answers with the website's division."""
        self.ensure_one()
        return self.env["dealer.division"]

    def _dealer_pricing_context(self):
        """Context keys (``product.pricelist``: ``dealer_partner_id``,
        ``dealer_division_id``) pricing this order's own dealer in its
        division; honoured only under sudo."""
        self.ensure_one()
        return {"dealer_partner_id": self.partner_id.id, "dealer_division_id": self.dealer_division_id.id or False}

    def _dealer_product_lines(self):
        """The lines the pipeline checks: product lines, without sections,
        notes and down payments. Every check and every channel reads the
        order's lines through this; extend with ``super()`` to leave out
        lines of another kind (it must only ever narrow the result)."""
        return self.order_line.filtered(lambda l: not l.display_type and l.product_id and not l.is_downpayment)

    def _dealer_issue(self, code, severity, message, hint="", line=None, values=None):
        """Build one pipeline issue; see ``_get_dealer_order_issues``."""
        if severity not in SEVERITIES:
            raise ValueError(f"Unknown issue severity {severity!r}: one of {SEVERITIES}")
        return {
            "code": code,
            "severity": severity,
            "line_id": line.id if line else False,
            "product_id": line.product_id.id if line else False,
            "message": message,
            "hint": hint,
            "values": values or {},
        }

    def _dealer_issue_settled_by(self, issue, settled, approved_amount=None):
        """Whether ``settled`` (an issue recorded when an approval or an
        override was given; ``approved_amount`` the order total then, in
        company currency) still settles ``issue``, found now: same code and
        line, and, for a non-standard price, the same prices. Each addon
        compares the figures of its own issues: extend with ``super()``."""
        self.ensure_one()
        if (issue["code"], issue.get("line_id") or False) != (settled["code"], settled.get("line_id") or False):
            return False
        if issue["code"] == ISSUE_PRICE_NONSTANDARD:
            new, old = issue.get("values", {}), settled.get("values", {})
            return not any(
                float_compare(new.get(key, 0.0), old.get(key, 0.0), precision_digits=6)
                for key in ("price_unit", "system_price")
            )
        return True

    @api.model
    def _dealer_issues_outcome(self, issues):
        """The outcome of a submission with these pipeline ``issues``:
        ``blocked`` when one blocks, else ``approval`` when one asks for an
        approval, else ``confirmed``. The outcome is stored on the attempt
        and decides what ``_dealer_submit`` does; it never writes."""
        severities = {i["severity"] for i in issues}
        if BLOCK in severities:
            return "blocked"
        if APPROVAL in severities:
            return "approval"
        return "confirmed"

    @api.model
    def _dealer_parse_quantity(self, raw):
        """Parse a quantity typed or imported by a dealer.

        Return ``(qty, error)``: ``qty`` a float when ``raw`` reads as a
        positive finite number (commas as decimal separators accepted),
        else ``None`` with an ``error`` message a dealer understands.
        """
        if isinstance(raw, bool):
            raw = None
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            text = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
            if not text:
                return None, self.env._("The quantity is missing.")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                return None, self.env._("“%(raw)s” is not a number.", raw=str(raw)[:40])
        if value != value or value in (float("inf"), float("-inf")):
            return None, self.env._("“%(raw)s” is not a number.", raw=str(raw)[:40])
        if value <= 0:
            return None, self.env._("The quantity must be more than zero, not %(qty)s.", qty=fmt_qty(value))
        if value > MAX_LINE_QTY:
            return None, self.env._("%(qty)s is more than can be ordered on one line.", qty=fmt_qty(value))
        return value, None

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------
    def action_dealer_submit(self, channel=None, submission_key=None):
        """Submit this order: run the checks, then confirm it, send it for
        approval, or leave it untouched with the blocking issues.

        Returns ``{"outcome", "issues", "order_id", "attempt_id"}``.
        """
        self.ensure_one()
        return self._dealer_submit(channel=channel, submission_key=submission_key)

    def _dealer_submit(self, channel=None, submission_key=None):
        """Runs in the caller's transaction: on a block nothing is written
        except the attempt record; on success the order is confirmed or
        put in approval. A ``submission_key`` already used, or an order
        already submitted, returns the earlier result instead of submitting
        twice."""
        self.ensure_one()
        # Lock first, then look: a concurrent submission of this order either
        # waits here or fails to serialise and is retried, and then replays.
        self._dealer_lock_order()
        replay = self._dealer_replay(submission_key)
        if replay:
            return replay
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("Order %(name)s can no longer be submitted.", name=self.name))
        self._dealer_lock_partner()
        issues = self._get_dealer_order_issues()
        outcome = self._dealer_issues_outcome(issues)
        attempt = self._dealer_record_attempt(outcome, issues, channel)
        if outcome == "blocked":
            return {"outcome": outcome, "issues": issues, "order_id": self.id, "attempt_id": attempt.id}
        self._dealer_mark_submitted(channel, submission_key)
        self._dealer_dispatch(issues)
        return {"outcome": outcome, "issues": issues, "order_id": self.id, "attempt_id": attempt.id}

    def _dealer_mark_submitted(self, channel, submission_key=None):
        """Record who submitted the order, when, through which channel."""
        self.ensure_one()
        vals = {
            "dealer_submitted_at": fields.Datetime.now(),
            "dealer_submitted_by": self.env.user.id,
        }
        if channel:
            vals["dealer_channel"] = channel
        elif not self.dealer_channel:
            vals["dealer_channel"] = "backoffice"
        if submission_key:
            vals["dealer_submission_key"] = submission_key
        # The pipeline's own fields: refused to every other writer.
        self.sudo().write(vals)

    def _dealer_dispatch(self, issues):
        """After a submission that is not blocked: approval when an issue asks
        for it, else confirmation."""
        self.ensure_one()
        if any(i["severity"] == APPROVAL for i in issues):
            self._dealer_request_approval(issues)
        else:
            self._dealer_confirm()

    def _dealer_replay(self, submission_key):
        """The earlier result when this order was already submitted, or when
        ``submission_key`` was already used (by this dealer); else None. The
        one implementation of idempotency: every channel passes here."""
        self.ensure_one()
        if submission_key:
            previous_sudo = self._dealer_find_submission(submission_key, self.partner_id.commercial_partner_id)
            if previous_sudo:
                return previous_sudo.with_env(self.env)._dealer_submission_result(replayed=True)
        if self.dealer_submitted_at and self.state != "cancel":
            return self._dealer_submission_result(replayed=True)
        return None

    @api.model
    def _dealer_find_submission(self, submission_key, dealer):
        """The order (sudo) already submitted with ``submission_key``, or an
        empty recordset. A key used by another dealer than ``dealer`` (a
        commercial partner) is refused, never replayed."""
        if not submission_key:
            return self.browse()
        # Keys are unique across dealers: the lookup must see every order,
        # and only the caller's own dealer's order is ever returned.
        previous_sudo = self.sudo().search([("dealer_submission_key", "=", submission_key)], limit=1)
        if previous_sudo and previous_sudo.partner_id.commercial_partner_id != dealer:
            raise UserError(self.env._("This form has expired. Reload the page and submit again."))
        return previous_sudo

    def _dealer_submission_result(self, replayed=False):
        """What a submission of this order returned, rebuilt from its last
        attempt, for a replay: ``{outcome, issues, order_id, attempt_id,
        replayed}``, the shape ``_dealer_submit`` returns (with the
        ``replayed`` flag). An override attempt reads as what followed it:
        ``confirmed`` or ``approval``."""
        self.ensure_one()
        last = self.dealer_attempt_ids[:1]
        outcome = last.outcome
        if not outcome or outcome == "overridden":
            outcome = "confirmed" if self.state == "sale" else "approval"
        return {
            "outcome": outcome,
            "issues": json.loads(last.issues_json or "[]"),
            "order_id": self.id,
            "attempt_id": last.id,
            "replayed": replayed,
        }

    def _dealer_lock_order(self):
        """Row lock on the order for the rest of the transaction. ``NO KEY
        UPDATE``, the lock an update takes: a second submission of the order
        waits for it, rows pointing at the order (lines, attempts, look-ups)
        are still written meanwhile."""
        self.env.cr.execute("SELECT id FROM sale_order WHERE id = %s FOR NO KEY UPDATE", (self.id,))
        self.invalidate_recordset(["state", "dealer_submitted_at", "dealer_submission_key"])

    def _dealer_lock_partner(self):
        """Serialise submissions per dealer: checks that add up across orders
        (credit) must not pass twice concurrently. A lock on the dealer's
        row of ``dealer.submission.lock``, held until the transaction ends
        (the partner row itself stays free: see that model)."""
        self.env["dealer.submission.lock"]._lock(self.partner_id.commercial_partner_id)

    def _dealer_record_attempt(self, outcome, issues, channel, reason=None):
        """Log one submission attempt of this order (``dealer.order.attempt``):
        its ``outcome`` (see ``_dealer_issues_outcome``, or ``overridden``),
        the ``issues`` as found, the ``channel`` and an override ``reason``.
        Every submission writes one, blocked ones included; return it."""
        # Written sudo, because a portal user may submit but never edit the
        # log itself.
        return (
            self.env["dealer.order.attempt"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "user_id": self.env.user.id,
                    "channel": channel or self.dealer_channel or "backoffice",
                    "outcome": outcome,
                    "reason": reason or False,
                    "issue_count": len(issues),
                    "issue_codes": ",".join(sorted({i["code"] for i in issues})),
                    "issues_json": json.dumps(issues, default=str),
                    "amount_total": self.amount_total,
                    "currency_id": self.currency_id.id,
                }
            )
        )

    def _dealer_request_approval(self, issues):
        """Hook: the order needs a decision. ``dealer_credit`` routes it to
        approvers; here it is only marked sent and explained in the chatter
        (without an approval addon, the back office's Confirm is the
        decision)."""
        self.ensure_one()
        if self.state == "draft":
            self.sudo().write({"state": "sent"})
        self.message_post(
            body=self.env._(
                "Submitted; waiting for approval: %(reasons)s",
                reasons="; ".join(i["message"] for i in issues if i["severity"] == APPROVAL),
            )
        )

    def _dealer_confirm(self):
        """Confirm a submitted order with native ``action_confirm``."""
        self.ensure_one()
        self.action_confirm()

    def _dealer_is_pending_approval(self):
        """Submitted and waiting for a decision. Without an approval addon:
        a submitted quotation. ``dealer_credit`` answers from its approvals."""
        self.ensure_one()
        return self.state == "sent" and bool(self.dealer_submitted_at)

    def _dealer_approval_allows_confirm(self):
        """Whether the approvals of this submitted order let it be confirmed.
        Without an approval addon, confirming a submitted order in the back
        office is the approval. ``dealer_credit`` refuses pending and
        rejected orders."""
        self.ensure_one()
        return True

    # ------------------------------------------------------------------
    # Back-office submission
    # ------------------------------------------------------------------
    def action_dealer_submit_backoffice(self):
        """Button: submit an order keyed in by the back office (phone or back
        office channel, as chosen on the form) through the same pipeline as
        the portal. A blocked submission opens the issues, from where a
        sales manager may override the block with a reason."""
        self.ensure_one()
        self._dealer_check_backoffice_submitter()
        result = self._dealer_submit(channel=self._dealer_backoffice_channel())
        if result["outcome"] == "blocked":
            return self._dealer_issues_wizard_action(result)
        message = (
            self.env._("Order %(name)s was submitted and confirmed.", name=self.name)
            if result["outcome"] == "confirmed"
            else self.env._("Order %(name)s was submitted and waits for approval.", name=self.name)
        )
        return self._dealer_backoffice_notification(message, result["outcome"])

    def action_dealer_override(self, reason):
        """Submit this order although the checks block it: a sales manager's
        decision, with a mandatory ``reason``. The override is logged as an
        attempt of its own outcome (``overridden``). Issues that need an
        approval still go to approval; the overridden blocks are settled."""
        self.ensure_one()
        self._dealer_check_backoffice_submitter()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales manager may override the order checks."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the override: it is kept with the order."))
        self._dealer_lock_order()
        if self.dealer_submitted_at or self.state not in ("draft", "sent"):
            raise UserError(self.env._("Order %(name)s was already submitted.", name=self.name))
        self._dealer_lock_partner()
        channel = self._dealer_backoffice_channel()
        issues = self._get_dealer_order_issues()
        blocks = [i for i in issues if i["severity"] == BLOCK]
        if not blocks:
            result = self._dealer_submit(channel=channel)
            return self._dealer_backoffice_notification(
                self.env._("Nothing blocks order %(name)s any more: it was submitted.", name=self.name),
                result["outcome"],
            )
        attempt = self._dealer_record_attempt("overridden", issues, channel, reason=reason)
        self._dealer_mark_submitted(channel)
        self._dealer_settle_override(blocks, reason)
        self._dealer_dispatch(issues)
        return self._dealer_backoffice_notification(
            self.env._("Order %(name)s was submitted, overriding the checks.", name=self.name),
            "confirmed" if self.state == "sale" else "approval",
            attempt=attempt,
        )

    def _dealer_settle_override(self, blocks, reason):
        """Hook: the blocking ``blocks`` were overridden with ``reason``. Here
        the decision is written in the chatter; ``dealer_credit`` also
        records it as an approval, so the check after approval keeps it."""
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "Submitted by %(user)s overriding the order checks: %(reason)s. Overridden: %(issues)s",
                user=self.env.user.name,
                reason=reason,
                issues=" ".join(i["message"] for i in blocks),
            )
        )

    def _dealer_check_backoffice_submitter(self):
        self.ensure_one()
        if self.env.user.share:
            raise AccessError(self.env._("Only back-office users submit orders from the back office."))
        if not self.is_dealer_order:
            raise UserError(self.env._("Order %(name)s is not a dealer order.", name=self.name))
        self.check_access("write")

    def _dealer_backoffice_channel(self):
        self.ensure_one()
        return self.dealer_channel if self.dealer_channel in BACKOFFICE_CHANNELS else "backoffice"

    def _dealer_issues_wizard_action(self, result):
        self.ensure_one()
        wizard = self.env["dealer.order.submit.wizard"].create(
            {"order_id": self.id, "attempt_id": result["attempt_id"]}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Order %(name)s cannot be submitted", name=self.name),
            "res_model": "dealer.order.submit.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _dealer_backoffice_notification(self, message, outcome, attempt=None):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if outcome == "confirmed" else "warning",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Confirmation: one door
    # ------------------------------------------------------------------
    def _dealer_confirmation_error(self):
        """Why this order may not be confirmed yet, or False. A dealer order
        is confirmed only after the submission pipeline passed it (and the
        approval after it): decided from stored state the pipeline alone
        writes, never from the context, so buttons, portal routes, payment
        and RPC meet the same rule."""
        self.ensure_one()
        if not self.is_dealer_order:
            return False
        if not self.dealer_submitted_at:
            return self.env._(
                "%(name)s is a dealer order: use Submit, which runs the dealer order checks, instead of Confirm.",
                name=self.name,
            )
        if not self._dealer_approval_allows_confirm():
            return self.env._(
                "Order %(name)s waits for approval or was rejected: approve it, or submit it again, "
                "instead of confirming it.",
                name=self.name,
            )
        return False

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._dealer_confirmation_error()

    def _action_confirm(self):
        # The gate again, for code paths that reach here without action_confirm.
        for order in self:
            error = order._dealer_confirmation_error()
            if error:
                raise UserError(error)
        self.order_line._dealer_apply_requested_prices()
        res = super()._action_confirm()
        now = fields.Datetime.now()
        for order in self:
            if not order.dealer_confirmed_at:
                order.sudo().dealer_confirmed_at = now
        return res

    def action_cancel(self):
        # Refused before anything is cancelled (deliveries, draft invoices)
        # when the cancellation of a submitted order has no reason.
        corrected = self._dealer_corrected_orders()
        if corrected:
            corrected._dealer_check_correction_reasons(corrected._dealer_correction_reasons(), set(corrected.ids))
        return super().action_cancel()

    def action_draft(self):
        # A quotation set back to draft is a new submission to come.
        res = super().action_draft()
        self._dealer_clear_submission()
        return res

    def action_view_dealer_corrections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_pricing.dealer_order_correction_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_dealer_reenter(self):
        """Button on a cancelled submitted order: enter it again as a new
        quotation (its copy), recorded as a correction of this order, and
        open the copy."""
        self.ensure_one()
        if not self._dealer_is_reenterable():
            raise UserError(self.env._("Only a cancelled order that the dealer had submitted can be entered again."))
        new = self.copy()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": new.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_dealer_attempts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_pricing.dealer_order_attempt_action")
        action["domain"] = [("order_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Brand of the order's documents
    # ------------------------------------------------------------------

    def _dealer_brand_division(self):
        # The division is part of the order the dealer sees; its brand is not a secret.
        return self.sudo().dealer_division_id
