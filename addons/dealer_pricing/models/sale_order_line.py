from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero, float_round

from .dealer_quantity_rule import _remainder
from .sale_order import BLOCK, MAX_LINE_QTY


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dealer_system_price = fields.Float(
        "Dealer Price", compute="_compute_dealer_system_price", digits="Product Price",
        help="The unit price the dealer's price list, agreements and schemes give for this line.",
    )
    dealer_price_nonstandard = fields.Boolean(
        "Non-standard Price", compute="_compute_dealer_price_check", store=True,
        help="The unit price or discount differs from what the dealer's pricing gives.",
    )
    dealer_price_request_reason = fields.Char(
        "Special Price Reason", help="Why the dealer asked for a price other than its own."
    )
    dealer_price_source = fields.Selection(
        [("tier", "Tier price"), ("agreement", "Agreement"), ("scheme", "Scheme")],
        string="Price Source", compute="_compute_dealer_price_source",
    )

    def _compute_pricelist_item_id(self):
        """Price each order for its own dealer, so agreements and schemes apply
        whoever enters the order (portal user, back office, import)."""
        orderless = self.filtered(lambda l: not l.order_id)
        if orderless:
            super(SaleOrderLine, orderless)._compute_pricelist_item_id()
        for order in (self - orderless).order_id:
            lines = self.filtered(lambda l, o=order: l.order_id == o)
            super(SaleOrderLine, lines.with_context(dealer_partner_id=order.partner_id.id))._compute_pricelist_item_id()

    def _compute_dealer_price_source(self):
        for line in self:
            line.dealer_price_source = line.pricelist_item_id.dealer_source if line.pricelist_item_id else False

    def _compute_dealer_system_price(self):
        for line in self:
            line.dealer_system_price = line._dealer_expected_price_unit() if line._dealer_is_priced_line() else 0.0

    @api.depends("price_unit", "discount", "pricelist_item_id", "product_id", "product_uom_qty", "product_uom",
                 "dealer_price_request_reason")
    def _compute_dealer_price_check(self):
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for line in self:
            if not line._dealer_is_priced_line():
                line.dealer_price_nonstandard = False
                continue
            line.dealer_price_nonstandard = bool(
                float_compare(line.price_unit, line._dealer_expected_price_unit(), precision_digits=digits)
                or float_compare(line.discount, line._dealer_expected_discount(), precision_digits=2)
                or line.dealer_price_request_reason
            )

    def _dealer_is_priced_line(self):
        self.ensure_one()
        return bool(
            not self.display_type
            and self.product_id
            and not self.is_downpayment
            and self.order_id.partner_id.commercial_partner_id.dealer_tier_id
        )

    def _dealer_expected_price_unit(self):
        """The unit price Odoo itself would set on this line (see
        ``_reset_price_unit``), without changing the line."""
        self.ensure_one()
        line = self.with_company(self.company_id).with_context(dealer_partner_id=self.order_id.partner_id.id)
        price = line._get_display_price()
        product_taxes = line.product_id.taxes_id._filter_taxes_by_company(line.company_id)
        return line.product_id._get_tax_included_unit_price_from_price(
            price, product_taxes=product_taxes, fiscal_position=line.order_id.fiscal_position_id
        )

    def _dealer_expected_discount(self):
        self.ensure_one()
        if not self.pricelist_item_id._show_discount():
            return 0.0
        # Mirror sale's _compute_discount without writing the line.
        pricelist_price = self._get_pricelist_price()
        base_price = self._get_pricelist_price_before_discount()
        if base_price and base_price > pricelist_price:
            return max(0.0, (base_price - pricelist_price) / base_price * 100)
        return 0.0

    def _dealer_product_label(self):
        self.ensure_one()
        code = self.product_id.default_code
        name = self.product_id.name
        return f"{name} {code}" if code and code not in name else name

    def _dealer_format_amount(self, amount):
        self.ensure_one()
        return f"{amount:,.{self.currency_id.decimal_places or 2}f}"

    def _dealer_quantity_issues(self, rule):
        """Issues of this line's quantity against ``rule`` ({min, max, multiple}
        in the product's unit), the product's unit of measure included."""
        self.ensure_one()
        order = self.order_id
        label = self._dealer_product_label()
        qty = self.product_uom_qty
        uom = self.product_uom
        product_uom = self.product_id.uom_id
        unit_name = uom.name
        if float_compare(qty, 0.0, precision_rounding=uom.rounding) <= 0:
            return [order._dealer_issue(
                "qty_not_positive", BLOCK,
                order.env._("%(product)s: the quantity must be more than zero, you entered %(qty)s.",
                            product=label, qty=f"{qty:g}"),
                order.env._("Enter a positive quantity or remove the line."), line=self)]
        if qty > MAX_LINE_QTY:
            return [order._dealer_issue(
                "qty_too_large", BLOCK,
                order.env._("%(product)s: %(qty)s is more than can be ordered on one line.",
                            product=label, qty=f"{qty:g}"),
                order.env._("Check the quantity; split very large orders with your account manager."), line=self)]
        unit_categ = self.env.ref("uom.product_uom_categ_unit", raise_if_not_found=False)
        if uom.category_id == unit_categ and uom.factor_inv >= 1 and not float_is_zero(
            qty - round(qty), precision_digits=6
        ):
            return [order._dealer_issue(
                "qty_fractional", BLOCK,
                order.env._("%(product)s is sold in whole %(unit)s, you entered %(qty)s.",
                            product=label, unit=unit_name, qty=f"{qty:g}"),
                order.env._("Enter a whole number."), line=self)]
        if not rule:
            return []
        qty_product = uom._compute_quantity(qty, product_uom, round=False) if uom != product_uom else qty
        issues = []
        unit = product_uom.name
        min_qty, max_qty, multiple = rule["min"], rule["max"], rule["multiple"]
        if min_qty and float_compare(qty_product, min_qty, precision_digits=6) < 0:
            issues.append(order._dealer_issue(
                "qty_below_min", BLOCK,
                order.env._("%(product)s: minimum order is %(min)s %(unit)s, you entered %(qty)s.",
                            product=label, min=f"{min_qty:g}", unit=unit, qty=f"{qty_product:g}"),
                order.env._("Order at least %(min)s %(unit)s.", min=f"{min_qty:g}", unit=unit),
                line=self, values={"min": min_qty, "qty": qty_product}))
        if max_qty and float_compare(qty_product, max_qty, precision_digits=6) > 0:
            issues.append(order._dealer_issue(
                "qty_above_max", BLOCK,
                order.env._("%(product)s: maximum per order is %(max)s %(unit)s, you entered %(qty)s.",
                            product=label, max=f"{max_qty:g}", unit=unit, qty=f"{qty_product:g}"),
                order.env._("Order at most %(max)s %(unit)s, or contact your account manager for more.",
                            max=f"{max_qty:g}", unit=unit),
                line=self, values={"max": max_qty, "qty": qty_product}))
        if multiple and not float_is_zero(_remainder(qty_product, multiple), precision_digits=6):
            lower = float_round(qty_product - (qty_product % multiple), precision_digits=6)
            upper = lower + multiple
            suggestion = (
                order.env._("Order %(lower)s or %(upper)s.", lower=f"{lower:g}", upper=f"{upper:g}")
                if lower > 0 else order.env._("Order %(upper)s.", upper=f"{upper:g}")
            )
            issues.append(order._dealer_issue(
                "qty_not_multiple", BLOCK,
                order.env._("%(product)s is sold in packs of %(mult)s %(unit)s, you entered %(qty)s.",
                            product=label, mult=f"{multiple:g}", unit=unit, qty=f"{qty_product:g}"),
                suggestion, line=self, values={"multiple": multiple, "qty": qty_product}))
        return issues
