from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

from ..const import APPROVAL, BLOCK, ISSUE_PRICE_NONSTANDARD, MAX_LINE_QTY
from ..tools.compare import value_differs
from ..tools.format import fmt_qty, product_label, unit_label
from ..tools.quantity import pack_remainder


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dealer_system_price = fields.Float(
        "Dealer Price",
        compute="_compute_dealer_system_price",
        digits="Product Price",
        help="The unit price the dealer's price list, agreements and schemes give for this line.",
    )
    dealer_price_nonstandard = fields.Boolean(
        "Non-standard Price",
        compute="_compute_dealer_price_check",
        store=True,
        help="The unit price or discount differs from what the dealer's pricing gives.",
    )
    dealer_price_request_reason = fields.Char(
        "Special Price Reason", help="Why the dealer asked for a price other than its own."
    )
    dealer_requested_price = fields.Float(
        "Requested Price",
        digits="Product Price",
        copy=False,
        readonly=True,
        help="The unit price the dealer asked for. The line keeps the dealer's price until the "
        "order is approved; confirmation then applies the requested price.",
    )
    dealer_price_source = fields.Selection(
        [("tier", "Tier price"), ("agreement", "Agreement"), ("scheme", "Scheme")],
        string="Price Source",
        compute="_compute_dealer_price_source",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Refused before anything is written when a correction has no reason.
        added_to = (
            self.env["sale.order"]
            .browse(
                {
                    vals["order_id"]
                    for vals in vals_list
                    if vals.get("order_id") and self._dealer_is_correction_vals(vals)
                }
            )
            ._dealer_corrected_orders()
        )
        if added_to:
            added_to._dealer_check_correction_reasons(added_to._dealer_correction_reasons(), set(added_to.ids))
        lines = super().create(vals_list)
        for line, vals in zip(lines, vals_list, strict=True):
            if vals.get("dealer_requested_price"):
                line._dealer_check_requested_price_write(vals["dealer_requested_price"])
        added = lines.browse(
            [line.id for line, vals in zip(lines, vals_list, strict=True) if self._dealer_is_correction_vals(vals)]
        )._dealer_corrected_lines()
        if added:
            added._dealer_log_line_corrections(
                [(line, "line_added", False, "", line._dealer_correction_line_text()) for line in added]
            )
        return lines

    def write(self, vals):
        tracked = self._dealer_correction_line_fields()
        lines = self._dealer_corrected_lines() if tracked.keys() & vals.keys() else self.browse()
        # One read of the old values for every line and field, whatever the number of lines.
        before = {line.id: {fname: line[fname] for fname in tracked} for line in lines}
        if lines:
            # Refused before anything is written when a correction has no reason.
            new = {
                fname: self._fields[fname].convert_to_record(
                    self._fields[fname].convert_to_cache(vals[fname], self), self
                )
                for fname in tracked.keys() & vals.keys()
            }
            changing = lines.filtered(
                lambda line: any(value_differs(self, f, before[line.id][f], value) for f, value in new.items())
            )
            if changing:
                orders = changing.order_id
                orders._dealer_check_correction_reasons(orders._dealer_correction_reasons(), set(orders.ids))
        res = super().write(vals)
        if vals.get("dealer_requested_price"):
            for line in self:
                line._dealer_check_requested_price_write(vals["dealer_requested_price"])
        if lines:
            changes = [
                (
                    line,
                    kind,
                    fname,
                    line._dealer_correction_value_text(
                        fname, before[line.id][fname], uom=before[line.id].get("product_uom")
                    ),
                    line._dealer_correction_value_text(fname, line[fname]),
                )
                for line in lines
                for fname, kind in tracked.items()
                if value_differs(self, fname, before[line.id][fname], line[fname])
            ]
            if changes:
                lines._dealer_log_line_corrections(changes)
        return res

    def unlink(self):
        lines = self._dealer_corrected_lines()
        changes = [(line, "line_removed", False, line._dealer_correction_line_text(), "") for line in lines]
        if changes:
            # Logged first (the lines are gone after): a refusal below rolls it back.
            lines._dealer_log_line_corrections(changes, removed=True)
        return super().unlink()

    # ------------------------------------------------------------------
    # Corrections after submission
    # ------------------------------------------------------------------
    @api.model
    def _dealer_correction_line_fields(self):
        """Line fields whose change by the back office after submission is a
        correction: ``{field name: correction kind}`` (see
        ``sale.order._dealer_log_corrections``). Extend with ``super()``."""
        return {
            "product_id": "product",
            "product_uom_qty": "quantity",
            "product_uom": "unit",
            "price_unit": "price",
            "discount": "discount",
        }

    def _dealer_is_correction_line(self):
        """A line the dealer ordered: a product line, without sections and
        notes, and without the lines invoicing and deliveries manage (down
        payments, re-invoiced expenses, delivery charges)."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and not self.is_downpayment
            and not self.is_expense
            and not ("is_delivery" in self._fields and self.is_delivery)
        )

    @api.model
    def _dealer_is_correction_vals(self, vals):
        """Whether a line created with ``vals`` is a line the dealer ordered
        (see ``_dealer_is_correction_line``), not one a delivery adds for a
        product delivered but not ordered (it carries its delivered
        quantity)."""
        return bool(
            vals.get("product_id")
            and not vals.get("display_type")
            and not vals.get("is_downpayment")
            and not vals.get("is_expense")
            and not vals.get("is_delivery")
            and "qty_delivered" not in vals
        )

    def _dealer_corrected_lines(self):
        """The lines of ``self`` a change made now would correct: dealer lines
        of orders the current user corrects (``_dealer_corrected_orders``)."""
        orders = self.order_id._dealer_corrected_orders()
        if not orders:
            return self.browse()
        return self.filtered(lambda line: line.order_id in orders and line._dealer_is_correction_line())

    def _dealer_log_line_corrections(self, changes, removed=False):
        """Record ``changes`` (``(line, kind, field name, old text, new text)``)
        of the lines of ``self``, with their orders' reasons, or refuse them
        all when an order has none. ``removed``: the lines are being deleted,
        so the rows do not link them."""
        orders = self.order_id
        reasons = orders._dealer_correction_reasons()
        orders._dealer_check_correction_reasons(reasons, {line.order_id.id for line, *__ in changes})
        rows = []
        for line, kind, fname, old, new in changes:
            order = line.order_id
            row = order._dealer_correction_row(kind, fname, old, new, line=line, reason=reasons[order.id])
            if removed:
                row["line_id"] = False
            rows.append(row)
        self.env["sale.order"]._dealer_log_corrections(rows)
        if not self.env.context.get("dealer_correction_reason_id"):
            # The reason was the order's own: given for this correction only.
            orders._dealer_clear_correction_reason()

    def _dealer_correction_value_text(self, fname, value, uom=None):
        """A line field's value as the corrections read it; a quantity in
        ``uom``, by default the line's unit."""
        self.ensure_one()
        if fname == "product_uom_qty":
            return f"{fmt_qty(value)} {unit_label(uom or self.product_uom or self.product_id.uom_id)}"
        if fname == "price_unit":
            return self._dealer_format_amount(value)
        if fname == "discount":
            return f"{value:g} %"
        if fname == "product_id":
            return product_label(value) if value else ""
        if fname == "product_uom":
            return unit_label(value) if value else ""
        if isinstance(value, models.BaseModel):
            return ", ".join(value.mapped("display_name"))
        return str(value or "")

    def _dealer_correction_line_text(self):
        """The line as a correction names it when added or removed:
        "10 units Brake pad BP-220 at 40.00"."""
        self.ensure_one()
        text = self.order_id.env._(
            "%(qty)s %(product)s at %(price)s",
            qty=self._dealer_correction_value_text("product_uom_qty", self.product_uom_qty),
            product=product_label(self.product_id),
            price=self._dealer_format_amount(self.price_unit),
        )
        if self.discount:
            text = f"{text} (−{self.discount:g} %)"
        return text

    def _dealer_check_requested_price_write(self, price):
        # The field is read-only on screen, not over RPC: a requested price
        # written by anyone but the request itself (which runs elevated, after
        # its own check) meets the same floor. Raised after the write, so it
        # is rolled back.
        if not self.env.su:
            self._dealer_check_requested_price(price)

    def _compute_pricelist_item_id(self):
        """Price each order for its own dealer, so agreements and schemes apply
        whoever enters the order (portal user, back office, import)."""
        orderless = self.filtered(lambda line: not line.order_id)
        if orderless:
            super(SaleOrderLine, orderless)._compute_pricelist_item_id()
        with self.env["product.pricelist"]._dealer_rules_batch(self.product_id):
            by_terms = (self - orderless).grouped(
                lambda line: (line.order_id.partner_id, line.order_id.dealer_division_id)
            )
            for lines in by_terms.values():
                # Only elevated code may name the dealer priced for: here the
                # order's own, on lines the caller already holds.
                lines_sudo = lines.sudo().with_context(**lines.order_id[:1]._dealer_pricing_context())
                super(SaleOrderLine, lines_sudo)._compute_pricelist_item_id()
        return None

    # One rule lookup for all lines, not one per line (``_dealer_rules_batch``).
    def _compute_price_unit(self):
        with self.env["product.pricelist"]._dealer_rules_batch(self.product_id):
            return super()._compute_price_unit()

    def _compute_discount(self):
        with self.env["product.pricelist"]._dealer_rules_batch(self.product_id):
            return super()._compute_discount()

    def _compute_analytic_distribution(self):
        """Native searches the analytic distribution models once per line, so
        a 50-line quick order paid 100 queries for nothing on a database
        without any model. One query tells whether there is one to apply;
        without one, each line keeps its distribution, as native would."""
        # A performance patch of core's sale.order.line, not a pricing rule.
        # It lives here because dealer orders (quick order, intake, imports)
        # are the many-line orders it pays off on, and this is the core addon
        # every dealer channel depends on; none of ours is closer to analytics.
        if self.env["account.analytic.distribution.model"].search_count([], limit=1):
            return super()._compute_analytic_distribution()
        for line in self:
            line.analytic_distribution = line.analytic_distribution

    def _get_pricelist_price(self):
        """Same dealer context as the rule lookup, for rules whose base is the
        dealer's tier price."""
        return super(SaleOrderLine, self._dealer_priced_sudo())._get_pricelist_price()

    def _get_pricelist_price_before_discount(self):
        return super(SaleOrderLine, self._dealer_priced_sudo())._get_pricelist_price_before_discount()

    def _dealer_priced_sudo(self):
        """This line elevated and priced for its order's own dealer: only
        elevated code may name the dealer priced for (see
        ``product.pricelist._dealer_pricing_target``), here the dealer of an
        order the caller already holds."""
        return self.sudo().with_context(**self.order_id._dealer_pricing_context())

    @api.depends(
        "product_id",
        "product_uom",
        "product_uom_qty",
        "order_id.partner_id",
        "order_id.date_order",
        "order_id.dealer_division_id",
    )
    def _compute_dealer_price_source(self):
        for line in self:
            line.dealer_price_source = line.pricelist_item_id.dealer_source if line.pricelist_item_id else False

    @api.depends(
        "product_id",
        "product_uom",
        "product_uom_qty",
        "order_id.partner_id",
        "order_id.date_order",
        "order_id.dealer_division_id",
    )
    def _compute_dealer_system_price(self):
        expected = self._dealer_expected_prices()
        for line in self:
            line.dealer_system_price = expected[line.id][0] if line.id in expected else 0.0

    @api.depends(
        "price_unit",
        "discount",
        "product_id",
        "product_uom_qty",
        "product_uom",
        "order_id.partner_id",
        "order_id.dealer_division_id",
        "dealer_price_request_reason",
        "dealer_requested_price",
    )
    def _compute_dealer_price_check(self):
        expected = self._dealer_expected_prices()
        for line in self:
            line.dealer_price_nonstandard = line._dealer_price_is_nonstandard(expected.get(line.id))

    def _dealer_expected_prices(self):
        """``{line id: (price_unit, discount)}`` of the priced lines of
        ``self`` (see ``_dealer_expected_price``), with one rule lookup per
        price list for all of them: the query count does not grow with the
        number of lines."""
        priced = self.filtered(lambda line: line._dealer_is_priced_line())
        if not priced:
            return {}
        # One pricing date per order: a website cart prices at "now" (see
        # website_sale's ``_get_order_date``), which would move on during the
        # loop, and the batch's single rule lookup is keyed by that date.
        dates = {}
        with self.env["product.pricelist"]._dealer_rules_batch(priced.product_id):
            return {
                line.id: line._dealer_expected_price(date=dates.setdefault(line.order_id.id, line._get_order_date()))
                for line in priced
            }

    def _dealer_is_priced_line(self):
        self.ensure_one()
        return bool(
            not self.display_type
            and self.product_id
            and not self.is_downpayment
            and not self.combo_item_id
            and self.product_id.type != "combo"
            and self.order_id.pricelist_id
            and self.order_id.dealer_tier_id
        )

    def _dealer_price_is_nonstandard(self, expected=None):
        """True when the line's unit price or discount is not what the
        dealer's pricing gives today, or the dealer asked for a special price.
        ``expected``: the line's ``_dealer_expected_price()`` when the caller
        has it already (see ``_dealer_expected_prices``)."""
        self.ensure_one()
        if self._dealer_has_price_request():
            return True
        if not self._dealer_is_priced_line():
            return False
        digits = self.env["decimal.precision"].precision_get("Product Price")
        price_unit, discount = expected or self._dealer_expected_price()
        return bool(
            float_compare(self.price_unit, price_unit, precision_digits=digits)
            or float_compare(self.discount, discount, precision_digits=2)
        )

    def _dealer_expected_price(self, date=None):
        """``(price_unit, discount)`` Odoo itself would set on this line now
        (see ``_reset_price_unit`` and ``_compute_discount``), with the rule
        looked up afresh so a scheme that ended no longer counts. Never
        writes the line. ``date``: the pricing date, by default the line's
        ``_get_order_date()``."""
        self.ensure_one()
        # Elevated, as in ``_compute_pricelist_item_id``: the order's own dealer.
        line_sudo = self.with_company(self.company_id).sudo().with_context(**self.order_id._dealer_pricing_context())
        order = line_sudo.order_id
        product = line_sudo.product_id.with_context(**line_sudo._get_product_price_context())
        qty = line_sudo.product_uom_qty or 1.0
        date = date or line_sudo._get_order_date()
        rule_id = order.pricelist_id._get_product_rule(
            line_sudo.product_id, quantity=qty, uom=line_sudo.product_uom, date=date
        )
        rule = self.env["product.pricelist.item"].browse(rule_id).with_env(line_sudo.env)
        price = rule._compute_price(product, qty, line_sudo.product_uom, date, currency=line_sudo.currency_id)
        discount = 0.0
        if rule._show_discount():
            base_price = rule._compute_price_before_discount(
                product=product, quantity=qty, uom=line_sudo.product_uom, date=date, currency=line_sudo.currency_id
            )
            if base_price and base_price > price:
                discount = (base_price - price) / base_price * 100
            price = max(base_price, price)
        product_taxes = line_sudo.product_id.taxes_id._filter_taxes_by_company(line_sudo.company_id)
        price_unit = line_sudo.product_id._get_tax_included_unit_price_from_price(
            price, product_taxes=product_taxes, fiscal_position=order.fiscal_position_id
        )
        return price_unit, discount

    def _dealer_check_requested_price(self, price):
        """``price`` (as typed) as a special price a dealer may ask for on this
        line, rounded to the price precision, or a UserError. The floor is
        the product's cost, in the line's unit and the order's currency: a
        special price below cost is a typing error or an abuse, never a
        request to route. A product without cost still needs a price that
        stays above zero once rounded."""
        self.ensure_one()
        try:
            value = float(str(price).replace(",", ".").strip())
        except ValueError:
            raise UserError(self.env._("“%(price)s” is not a price.", price=str(price)[:20])) from None
        if value != value or not (0 < value < 1e9):
            raise UserError(self.env._("The requested price must be more than zero."))
        digits = self.env["decimal.precision"].precision_get("Product Price")
        value = float_round(value, precision_digits=digits)
        if float_compare(value, 0.0, precision_digits=digits) <= 0:
            raise UserError(self.env._("The requested price must be more than zero."))
        product = self.product_id
        # Cost is back-office data the dealer may not read: only compared, never shown.
        cost = product.sudo().standard_price
        if cost:
            cost = product.uom_id._compute_price(cost, self.product_uom or product.uom_id)
            order = self.order_id
            cost = order.company_id.currency_id._convert(
                cost, self.currency_id, order.company_id, order.date_order or fields.Date.today(), round=False
            )
            if float_compare(value, cost, precision_digits=digits) < 0:
                raise UserError(
                    self.env._(
                        "%(price)s is below the lowest price we can accept for %(product)s.",
                        price=self._dealer_format_amount(value),
                        product=self._dealer_product_label(),
                    )
                )
        return value

    def _dealer_has_price_request(self):
        """A product line the dealer asked a special price for (whatever the
        product: a request on any line needs approval)."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and (self.dealer_price_request_reason or self.dealer_requested_price)
        )

    def _dealer_price_issues(self, expected=None):
        """The approval issue of a line priced other than the dealer's price,
        or with a special price requested. ``expected``: as for
        ``_dealer_price_is_nonstandard``."""
        self.ensure_one()
        order = self.order_id
        label = self._dealer_product_label()
        if self.dealer_requested_price and self._dealer_has_price_request():
            # The dealer's request, kept beside the line: the line keeps its price.
            requested = self.dealer_requested_price
            return [
                order._dealer_issue(
                    ISSUE_PRICE_NONSTANDARD,
                    APPROVAL,
                    order.env._(
                        "%(product)s: special price %(price)s requested (your price is %(system)s): %(reason)s",
                        product=label,
                        price=self._dealer_format_amount(requested),
                        system=self._dealer_format_amount(self.price_unit),
                        reason=self.dealer_price_request_reason or "",
                    ),
                    order.env._("A price other than your own must be approved before the order is confirmed."),
                    line=self,
                    values={
                        "price_unit": requested,
                        "system_price": self.price_unit,
                        "discount": self.discount,
                        "system_discount": self.discount,
                        "reason": self.dealer_price_request_reason or "",
                    },
                )
            ]
        if self._dealer_is_priced_line() and not expected:
            expected = self._dealer_expected_price()
        if not self._dealer_price_is_nonstandard(expected):
            return []
        # A line that is not priced by the dealer's pricing (a combo) but
        # carries a request is compared with its own price.
        price_unit, discount = expected or (self.price_unit, self.discount)
        if self.dealer_price_request_reason:
            message = order.env._(
                "%(product)s: special price %(price)s requested (your price is %(system)s): %(reason)s",
                product=label,
                price=self._dealer_format_amount(self.price_unit),
                system=self._dealer_format_amount(price_unit),
                reason=self.dealer_price_request_reason,
            )
        elif float_compare(self.price_unit, price_unit, precision_digits=6):
            message = order.env._(
                "%(product)s: price %(price)s differs from your price %(system)s.",
                product=label,
                price=self._dealer_format_amount(self.price_unit),
                system=self._dealer_format_amount(price_unit),
            )
        else:
            message = order.env._(
                "%(product)s: discount %(discount)s%% differs from your discount %(system)s%%.",
                product=label,
                discount=f"{self.discount:g}",
                system=f"{discount:g}",
            )
        return [
            order._dealer_issue(
                ISSUE_PRICE_NONSTANDARD,
                APPROVAL,
                message,
                order.env._("A price other than your own must be approved before the order is confirmed."),
                line=self,
                values={
                    "price_unit": self.price_unit,
                    "system_price": price_unit,
                    "discount": self.discount,
                    "system_discount": discount,
                    "reason": self.dealer_price_request_reason or "",
                },
            )
        ]

    def _dealer_product_label(self):
        self.ensure_one()
        return product_label(self.product_id)

    def _dealer_apply_requested_prices(self):
        """Apply the special prices requested on these lines: called when
        their order is confirmed, which the one-door rule allows only after
        the approval. The dealer is told on the order."""
        requested = self.filtered(
            lambda line: line.dealer_requested_price
            and line.currency_id.compare_amounts(line.dealer_requested_price, line.price_unit)
        )
        for order, lines in requested.grouped("order_id").items():
            applied = []
            for line in lines:
                applied.append(
                    order.env._(
                        "%(product)s at %(price)s",
                        product=line._dealer_product_label(),
                        price=line._dealer_format_amount(line.dealer_requested_price),
                    )
                )
                # The approval applies what the dealer asked for: the pipeline's
                # own change, not a correction of the submitted order.
                line.sudo().write(
                    {
                        "price_unit": line.dealer_requested_price,
                        # A technical price other than the unit price tells sale the
                        # price was set by hand: it is never recomputed afterwards.
                        "technical_price_unit": line.price_unit,
                    }
                )
            order.sudo().message_post(
                body=order.env._("Your special price request was approved: %(lines)s.", lines="; ".join(applied)),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=order.partner_id.ids,
                # It states prices: the order's own layout (the email is
                # unchanged) marks it as a priced document's message.
                email_layout_xmlid="mail.mail_notification_layout",
            )

    def _dealer_format_amount(self, amount):
        self.ensure_one()
        return f"{amount:,.{self.currency_id.decimal_places or 2}f}"

    def _dealer_quantity_issues(self, rule):
        """Issues of this line's quantity against ``rule`` ({min, max, multiple}
        in the product's unit; None or zeros for no rule).

        The line may be entered in another unit of the same category (Dozens
        against a rule in Units): it is converted first, and messages show
        both. Countable products (Units category) accept whole units only.
        A quantity that is not positive, too large or not whole is the only
        issue: the rule's checks mean nothing on it. Each check is a small
        predicate returning an issue or None; extend them with ``super()``.
        """
        self.ensure_one()
        for check in (self._dealer_qty_issue_positive, self._dealer_qty_issue_max_line, self._dealer_qty_issue_whole):
            issue = check()
            if issue:
                return [issue]
        if not rule:
            return []
        checks = (self._dealer_qty_issue_min, self._dealer_qty_issue_max, self._dealer_qty_issue_multiple)
        return [issue for issue in (check(rule) for check in checks) if issue]

    def _dealer_qty_entered_uom(self):
        """The unit the quantity was entered in."""
        return self.product_uom or self.product_id.uom_id

    def _dealer_qty_in_product_uom(self):
        """The line's quantity in the product's unit, where the rules are."""
        uom, product_uom = self._dealer_qty_entered_uom(), self.product_id.uom_id
        qty = self.product_uom_qty
        return uom._compute_quantity(qty, product_uom, round=False) if uom != product_uom else qty

    def _dealer_qty_entered_text(self):
        """The quantity as the dealer entered it, for messages: "24", or
        "24 units (2 dozens)" when entered in another unit."""
        uom, product_uom = self._dealer_qty_entered_uom(), self.product_id.uom_id
        qty_product = self._dealer_qty_in_product_uom()
        if uom == product_uom:
            return fmt_qty(qty_product)
        return self.order_id.env._(
            "%(qty)s %(unit)s (%(entered)s %(entered_unit)s)",
            qty=fmt_qty(qty_product),
            unit=unit_label(product_uom),
            entered=fmt_qty(self.product_uom_qty),
            entered_unit=unit_label(uom),
        )

    def _dealer_qty_issue(self, code, message, hint, values):
        """A blocking issue of this line's quantity, with its figures
        ``values``; ``message`` and ``hint`` already translated."""
        return self.order_id._dealer_issue(code, BLOCK, message, hint, line=self, values=values)

    def _dealer_qty_rule_labels(self):
        """What every message on a quantity rule names: the ``product``,
        the ``unit`` of the rule (the product's) and the ``qty`` entered."""
        return {
            "product": self._dealer_product_label(),
            "unit": unit_label(self.product_id.uom_id),
            "qty": self._dealer_qty_entered_text(),
        }

    def _dealer_qty_issue_positive(self):
        qty = self.product_uom_qty
        if float_compare(qty, 0.0, precision_digits=6) > 0:
            return None
        return self._dealer_qty_issue(
            "qty_not_positive",
            self.env._(
                "%(product)s: the quantity must be more than zero, you entered %(qty)s.",
                product=self._dealer_product_label(),
                qty=fmt_qty(qty),
            ),
            self.env._("Enter a positive quantity or remove the line."),
            {"qty": qty},
        )

    def _dealer_qty_issue_max_line(self):
        qty_product = self._dealer_qty_in_product_uom()
        if qty_product <= MAX_LINE_QTY:
            return None
        return self._dealer_qty_issue(
            "qty_too_large",
            self.env._(
                "%(product)s: %(qty)s %(unit)s is more than can be ordered on one line.",
                product=self._dealer_product_label(),
                qty=fmt_qty(self.product_uom_qty),
                unit=unit_label(self._dealer_qty_entered_uom()),
            ),
            self.env._("Check the quantity; for very large orders contact your account manager."),
            {"qty": qty_product, "max": MAX_LINE_QTY},
        )

    def _dealer_qty_issue_whole(self):
        uom = self._dealer_qty_entered_uom()
        whole_error = uom._dealer_whole_units_error(self.product_uom_qty, self._dealer_product_label())
        if not whole_error:
            return None
        return self._dealer_qty_issue(
            "qty_fractional",
            whole_error,
            self.env._("Enter a whole number of %(unit)s.", unit=unit_label(uom)),
            {"qty": self._dealer_qty_in_product_uom()},
        )

    def _dealer_qty_issue_min(self, rule):
        min_qty, qty_product = rule["min"], self._dealer_qty_in_product_uom()
        if not min_qty or float_compare(qty_product, min_qty, precision_digits=6) >= 0:
            return None
        labels = self._dealer_qty_rule_labels()
        return self._dealer_qty_issue(
            "qty_below_min",
            self.env._(
                "%(product)s: minimum order is %(min)s %(unit)s, you entered %(qty)s.", min=fmt_qty(min_qty), **labels
            ),
            self.env._("Order at least %(min)s %(unit)s.", min=fmt_qty(min_qty), unit=labels["unit"]),
            {"min": min_qty, "qty": qty_product},
        )

    def _dealer_qty_issue_max(self, rule):
        max_qty, qty_product = rule["max"], self._dealer_qty_in_product_uom()
        if not max_qty or float_compare(qty_product, max_qty, precision_digits=6) <= 0:
            return None
        labels = self._dealer_qty_rule_labels()
        return self._dealer_qty_issue(
            "qty_above_max",
            self.env._(
                "%(product)s: maximum per order is %(max)s %(unit)s, you entered %(qty)s.",
                max=fmt_qty(max_qty),
                **labels,
            ),
            self.env._(
                "Order at most %(max)s %(unit)s, or contact your account manager for more.",
                max=fmt_qty(max_qty),
                unit=labels["unit"],
            ),
            {"max": max_qty, "qty": qty_product},
        )

    def _dealer_qty_issue_multiple(self, rule):
        multiple, qty_product = rule["multiple"], self._dealer_qty_in_product_uom()
        if not multiple or float_is_zero(pack_remainder(qty_product, multiple), precision_digits=6):
            return None
        labels = self._dealer_qty_rule_labels()
        lower = float_round(qty_product - (qty_product % multiple), precision_digits=6)
        upper = float_round(lower + multiple, precision_digits=6)
        suggestion = (
            self.env._(
                "Order %(lower)s or %(upper)s %(unit)s.",
                lower=fmt_qty(lower),
                upper=fmt_qty(upper),
                unit=labels["unit"],
            )
            if lower > 0
            else self.env._("Order %(upper)s %(unit)s.", upper=fmt_qty(upper), unit=labels["unit"])
        )
        return self._dealer_qty_issue(
            "qty_not_multiple",
            self.env._(
                "%(product)s is sold in packs of %(mult)s %(unit)s, you entered %(qty)s.",
                mult=fmt_qty(multiple),
                **labels,
            ),
            suggestion,
            {"multiple": multiple, "qty": qty_product},
        )
