import math
import re
from collections import defaultdict

from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero, float_round

from odoo.addons.dealer_pricing.models.sale_order import APPROVAL, MAX_LINE_QTY

# Submission keys are rendered by the server as uuid4 hex strings.
SUBMISSION_KEY_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_PO_REF = 64
MAX_REASON = 250


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Business: the dealer cart
    # ------------------------------------------------------------------
    def _dealer_cart_dealer(self):
        """The dealer company (sudo) this order is for, or empty."""
        self.ensure_one()
        commercial_sudo = self.sudo().partner_id.commercial_partner_id
        return commercial_sudo if commercial_sudo.dealer_tier_id else self.env["res.partner"]

    def _dealer_check_portal_actor(self):
        """The signed-in dealer user must order for its own company and hold
        the order-desk role. Back-office users and non-dealer carts pass."""
        self.ensure_one()
        user = self.env.user
        user._dealer_check_role("order_desk")
        user_dealer = user._dealer_commercial_partner()
        if user_dealer and user_dealer != self.sudo().partner_id.commercial_partner_id:
            raise AccessError(self.env._("This order belongs to another company."))

    def _dealer_ensure_tier_pricelist(self):
        """A dealer cart is always priced with the dealer's tier list, even if
        the cart was started under another list (before signing in, or with
        a stale session)."""
        self.ensure_one()
        pricelist = self._dealer_cart_dealer().dealer_tier_id.pricelist_id
        if pricelist and self.state == "draft" and self.pricelist_id != pricelist:
            self._cart_update_pricelist(pricelist_id=pricelist.id)

    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        """Dealer carts: only the order desk may change them, only with
        products of the dealer's assortment, and always at the tier's prices.
        Whatever the request carries (a ``price_unit`` included), prices
        come from the price list.

        Quantities are read as typed ("2.5", "2,5") and kept exact in units
        that allow fractions, where native casts them to ``int``. A quantity
        that cannot be ordered changes nothing: the result carries the line's
        current quantity and the reason as ``warning``."""
        if not (self and self._dealer_cart_dealer()):
            return super()._cart_update(product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs)
        self._dealer_check_portal_actor()
        self._dealer_ensure_tier_pricelist()
        for key in ("price_unit", "discount", "technical_price_unit"):
            kwargs.pop(key, None)
        product = self.env["product.product"].browse(int(product_id)).exists()
        order_line, target, error = self._dealer_cart_target_qty(product, line_id, add_qty, set_qty, **kwargs)
        if error:
            return self._dealer_cart_refusal(order_line, error)
        line_id = order_line.id or line_id
        if target is None:
            return super()._cart_update(product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs)
        if not target:
            return super()._cart_update(product.id, line_id=line_id, add_qty=None, set_qty=0, **kwargs)
        # Native only takes whole numbers: it gets a whole stand-in, and
        # _verify_updated_quantity puts the exact quantity back.
        order = self.with_context(dealer_portal_cart_qty=(product.id, target))
        if set_qty:
            add_qty, set_qty = None, max(1, int(target))
        else:
            add_qty, set_qty = max(1, int(target - order_line.product_uom_qty)), 0
        return super(SaleOrder, order)._cart_update(
            product.id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs
        )

    def _verify_updated_quantity(self, order_line, product_id, new_qty, **kwargs):
        """Second line of defence for ``set_qty`` updates, which native
        ``_cart_update`` does not run through ``_is_add_to_cart_allowed``.
        A dealer's exact quantity replaces native's whole-number one."""
        exact = self.env.context.get("dealer_portal_cart_qty")
        if exact and exact[0] == product_id:
            new_qty = exact[1]
        qty, warning = super()._verify_updated_quantity(order_line, product_id, new_qty, **kwargs)
        dealer_sudo = self._dealer_cart_dealer() if self else self.env["res.partner"]
        if dealer_sudo and qty > 0:
            product = self.env["product.product"].browse(product_id)
            if not dealer_sudo._dealer_allowed_products(product):
                return 0, self.env._("This product is not in your catalog.")
        return qty, warning

    def _dealer_cart_target_qty(self, product, line_id, add_qty, set_qty, **kwargs):
        """The quantity a dealer's cart update asks for, checked before anything
        is written: ``(order_line, target, error)``. ``target`` is the line's
        new quantity (0 removes it, None: nothing asked, left to native);
        ``error`` a message for the dealer when the request is refused."""
        self.ensure_one()
        order_line = self.env["sale.order.line"]
        if line_id is not False:
            try:
                line_id = int(line_id) if line_id else None
            except (TypeError, ValueError):
                return order_line, None, self.env._("This line is not in your cart. Reload the page.")
            order_line = self._cart_find_product_line(product.id, line_id, **kwargs)[:1]
            if line_id and not order_line:
                return order_line, None, self.env._("This line is not in your cart. Reload the page.")
        raw = set_qty if set_qty else add_qty
        if not raw:
            return order_line, None, None
        value, error = self._dealer_parse_quantity(raw)
        if error:
            if set_qty and _is_zero(raw):
                return order_line, 0.0, None
            return order_line, None, error
        if not product or not self._dealer_cart_dealer()._dealer_allowed_products(product):
            raise UserError(self.env._("This product is not in your catalog."))
        uom = order_line.product_uom or product.uom_id
        label = product.default_code or product.name
        if uom._dealer_whole_units() and not float_is_zero(value - round(value), precision_digits=6):
            return (
                order_line,
                None,
                self.env._(
                    "%(sku)s is sold in whole %(unit)s; %(qty)s is not a whole number.",
                    sku=label,
                    unit=uom.name,
                    qty=_qty_text(value),
                ),
            )
        target = value if set_qty else order_line.product_uom_qty + value
        if target > MAX_LINE_QTY:
            return (
                order_line,
                None,
                self.env._("%(qty)s is more than can be ordered on one line.", qty=_qty_text(target)),
            )
        target = float_round(target, precision_rounding=uom.rounding)
        if float_is_zero(target, precision_rounding=uom.rounding):
            return (
                order_line,
                None,
                self.env._(
                    "%(qty)s is too small: %(sku)s is sold by steps of %(step)s %(unit)s.",
                    qty=_qty_text(value),
                    sku=label,
                    step=_qty_text(uom.rounding),
                    unit=uom.name,
                ),
            )
        return order_line, target, None

    def _dealer_cart_refusal(self, order_line, message):
        """The ``_cart_update`` result of a refused update: nothing changed."""
        return {
            "line_id": order_line.id,
            "quantity": order_line.product_uom_qty,
            "option_ids": order_line.linked_line_ids.ids,
            "warning": message,
        }

    def _compute_cart_info(self):
        # Native counts int(sum of quantities): a cart of 0.5 kg would count 0
        # and be taken for an empty one (session reset, nav badge hidden).
        super()._compute_cart_info()
        for order in self:
            total = round(sum(order.website_order_line.mapped("product_uom_qty")), 6)
            if total > order.cart_quantity and order._dealer_cart_dealer():
                order.cart_quantity = math.ceil(total)

    def _is_cart_ready(self):
        """A dealer cart never goes through the payment checkout: it is
        submitted on account, through the order-check pipeline."""
        res = super()._is_cart_ready()
        if any(order._dealer_cart_dealer() and not order.dealer_submitted_at for order in self):
            return False
        return res

    def _dealer_cart_add_lines(self, entries):
        """Add ``entries`` (``[(product.product, qty)]``) to this cart in one
        write: a product already in the cart has its quantity raised, others
        get a new line. Products outside the dealer's assortment are skipped.
        Returns the number of products added or raised."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This order was already submitted; start a new one."))
        self._dealer_check_portal_actor()
        if not entries:
            return 0
        dealer_sudo = self._dealer_cart_dealer()
        products = self.env["product.product"].browse({p.id for p, __ in entries})
        allowed = dealer_sudo._dealer_allowed_products(products) if dealer_sudo else products
        existing = {
            line.product_id.id: line
            for line in self._dealer_product_lines()
            if not line.linked_line_id and not line.combo_item_id and not line.product_custom_attribute_value_ids
        }
        commands = []
        for product, qty in entries:
            if product not in allowed or qty <= 0:
                continue
            line = existing.get(product.id)
            if line:
                commands.append(
                    Command.update(
                        line.id,
                        {
                            "product_uom_qty": min(line.product_uom_qty + qty, MAX_LINE_QTY + 1),
                        },
                    )
                )
            else:
                commands.append(Command.create({"product_id": product.id, "product_uom_qty": qty}))
        if commands:
            self._dealer_ensure_tier_pricelist()
            if existing:
                # Native reads the packaging of each raised line on its own
                # (sale_stock's write): one read of all of them beforehand
                # keeps the cost of a paste independent of its size.
                self.env["product.product"].browse(existing).packaging_ids  # noqa: B018
            self.write({"order_line": commands})
        return len(commands)

    def _dealer_reorder_entries(self):
        """Products and quantities of this past order, checked against the
        dealer's current assortment: ``{"entries", "errors"}`` like
        ``dealer.quick.order._resolve_rows``."""
        self.ensure_one()
        dealer_sudo = self._dealer_cart_dealer()
        lines = self._dealer_product_lines().filtered(lambda l: not l.linked_line_id and not l.combo_item_id)
        allowed = dealer_sudo._dealer_allowed_products(lines.product_id) if dealer_sudo else lines.product_id
        totals, errors = {}, []
        for n, line in enumerate(lines, start=1):
            if line.product_id not in allowed:
                errors.append(
                    {
                        "row": n,
                        "sku": line.product_id.default_code or "",
                        "message": self.env._(
                            "%(product)s is no longer in your catalog.", product=line._dealer_product_label()
                        ),
                    }
                )
                continue
            totals[line.product_id] = totals.get(line.product_id, 0.0) + line.product_uom_qty
        return {"entries": list(totals.items()), "errors": errors}

    def _dealer_cart_issues(self):
        """The pipeline's issues of this cart, as the cart page shows them:
        ``{"lines": {line_id: [issue]}, "general": [issue], "outcome"}``, or
        an empty dict for a cart that is not a dealer's."""
        self.ensure_one()
        if not self._dealer_cart_dealer():
            return {}
        if not self._dealer_product_lines():
            return {"lines": {}, "general": [], "outcome": False}
        issues = self._get_dealer_order_issues()
        by_line, general = defaultdict(list), []
        for issue in issues:
            (by_line[issue["line_id"]] if issue.get("line_id") else general).append(issue)
        return {"lines": dict(by_line), "general": general, "outcome": self._dealer_issues_outcome(issues)}

    # ------------------------------------------------------------------
    # Business: special price requests
    # ------------------------------------------------------------------
    def _dealer_request_special_price(self, line_id, price, reason):
        """Ask for another unit price on one line of this cart, with a reason.

        The line keeps the requested price, is marked non-standard by
        dealer_pricing and sends the order to approval at submission."""
        self.ensure_one()
        self._dealer_check_portal_actor()
        if self.state != "draft":
            raise UserError(self.env._("This order was already submitted; its prices can no longer change."))
        line = self.order_line.filtered(lambda l: l.id == line_id and l.product_id and not l.display_type)
        if not line:
            raise UserError(self.env._("This line is not in your cart."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you ask for a special price."))
        try:
            value = float(str(price).replace(",", ".").strip())
        except ValueError:
            raise UserError(self.env._("“%(price)s” is not a price.", price=str(price)[:20])) from None
        if not (0 < value < 1e9) or value != value:
            raise UserError(self.env._("The requested price must be more than zero."))
        line.write(
            {
                "price_unit": value,
                # A technical price different from the unit price tells sale that
                # the price was set by hand: changing the quantity keeps it.
                "technical_price_unit": line.dealer_system_price or line.price_unit,
                "dealer_price_request_reason": reason[:MAX_REASON],
            }
        )
        return line

    def _dealer_cancel_special_price(self, line_id):
        """Withdraw a special price request: the line is priced by the price list again."""
        self.ensure_one()
        self._dealer_check_portal_actor()
        line = self.order_line.filtered(lambda l: l.id == line_id)
        if not line or self.state != "draft":
            raise UserError(self.env._("This line is not in your cart."))
        line.write({"dealer_price_request_reason": False})
        line.with_context(force_price_recomputation=True)._compute_price_unit()
        return line

    # ------------------------------------------------------------------
    # Business: portal submission
    # ------------------------------------------------------------------
    @api.model
    def _dealer_find_submission(self, submission_key):
        """The order already submitted with ``submission_key``, searched as the
        current user (record rules apply), or an empty recordset."""
        if not submission_key or not SUBMISSION_KEY_RE.match(submission_key):
            return self.browse()
        return self.search([("dealer_submission_key", "=", submission_key)], limit=1)

    def _dealer_valid_shipping_address(self, partner_id):
        """The delivery address ``partner_id`` if it is one of the dealer's own
        addresses, else a UserError: ids posted by a browser are never trusted."""
        self.ensure_one()
        dealer_sudo = self._dealer_cart_dealer()
        try:
            partner_id = int(partner_id)
        except (TypeError, ValueError):
            partner_id = 0
        address_sudo = (
            self.env["res.partner"]
            .sudo()
            .search([("id", "=", partner_id), ("id", "child_of", dealer_sudo.id)], limit=1)
            if dealer_sudo and partner_id
            else self.env["res.partner"]
        )
        if not address_sudo:
            raise UserError(
                self.env._(
                    "The delivery address is not one of your company's addresses. " "Choose an address from the list."
                )
            )
        return address_sudo

    def _dealer_portal_submit(self, po_ref=None, shipping_partner_id=None, submission_key=None):
        """Submit this cart from the portal: keep the dealer's PO reference and
        delivery address, then run ``action_dealer_submit`` (channel
        ``portal``) in the same transaction. Returns its result dict.

        A ``submission_key`` already used (double click, refresh, retry)
        returns the earlier result; a key of another company is refused."""
        self.ensure_one()
        self._dealer_check_portal_actor()
        if submission_key and not SUBMISSION_KEY_RE.match(submission_key):
            raise UserError(self.env._("This form has expired. Reload the page and submit again."))
        if submission_key:
            # Keys are unique over every company: looked up sudo to tell a
            # replay of our own submission from a key that is not ours.
            previous_sudo = self.sudo().search([("dealer_submission_key", "=", submission_key)], limit=1)
            if previous_sudo:
                if previous_sudo.partner_id.commercial_partner_id != self.sudo().partner_id.commercial_partner_id:
                    raise UserError(self.env._("This form has expired. Reload the page and submit again."))
                return previous_sudo.with_env(self.env)._dealer_submission_result(replayed=True)
        if self.state == "draft" and not self.dealer_submitted_at:
            vals = {}
            if po_ref is not None:
                vals["client_order_ref"] = (po_ref or "").strip()[:MAX_PO_REF] or False
            if shipping_partner_id:
                address_sudo = self._dealer_valid_shipping_address(shipping_partner_id)
                if address_sudo != self.partner_shipping_id:
                    vals["partner_shipping_id"] = address_sudo.id
            if vals:
                self.write(vals)
        return self.action_dealer_submit(channel="portal", submission_key=submission_key)

    def _dealer_submit(self, channel=None, submission_key=None):
        """Only a dealer user with the order-desk role may submit; other
        channels and back-office users are not concerned."""
        self.ensure_one()
        self._dealer_check_portal_actor()
        return super()._dealer_submit(channel=channel, submission_key=submission_key)

    def _dealer_approval_reason_text(self, issues=None):
        """Why this order waits for approval, in the dealer's words: dealer
        credit's reason when it is installed, else the approval issues."""
        self.ensure_one()
        reason = self.dealer_approval_reason if "dealer_approval_reason" in self._fields else False
        if reason:
            return reason
        return "; ".join(i["message"] for i in (issues or []) if i["severity"] == APPROVAL)

    def _dealer_expected_date(self):
        """The date the dealer can expect its goods, best source first."""
        self.ensure_one()
        if "dealer_eta" in self._fields and self.dealer_eta:
            return self.dealer_eta
        return self.commitment_date or self.expected_date


def _is_zero(value):
    try:
        return float(str(value).strip().replace(",", ".")) == 0
    except ValueError:
        return False


def _qty_text(value):
    return f"{value:.6f}".rstrip("0").rstrip(".")
