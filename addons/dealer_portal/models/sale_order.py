import csv
import io
import json
import math
import re
from collections import defaultdict
from datetime import datetime, time

from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero, float_round

from odoo.addons.dealer_delivery.const import IN_TRANSIT_STAGES
from odoo.addons.dealer_pricing.const import APPROVAL, BLOCK, MAX_LINE_QTY
from odoo.addons.dealer_pricing.tools.format import fmt_qty, product_label, product_ref

from ..tools import (
    check_price_field_access,
    csv_safe_row,
    hidden_price_fields,
    price_safe_fetch_records,
    to_date_or_none,
)

# Submission keys are rendered by the server as uuid4 hex strings.
SUBMISSION_KEY_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_PO_REF = 64
MAX_REASON = 250
# Where the order history's search box looks (see _dealer_history_search_domain).
HISTORY_SEARCH_IN = ("all", "number", "po", "product")
# Non-monetary fields of an order that still show its prices. The approval
# and rejection reasons (and the summary of pending approvals) quote the
# total, the threshold and the credit.
ORDER_PRICE_FIELDS = (
    "tax_totals",
    "amount_undiscounted",
    "dealer_approval_reason",
    "dealer_rejection_reason",
    "dealer_approval_summary",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("team_id", "partner_id", "company_id", "website_id")
    def _compute_dealer_division_id(self):
        # A website order belongs to the division its website is the portal of.
        return super()._compute_dealer_division_id()

    # ------------------------------------------------------------------
    # Hooks: the division of an order
    # ------------------------------------------------------------------
    def _dealer_default_division(self):
        """A website order's division is its website's (the portal of that
        division), when its team names none."""
        self.ensure_one()
        if self.website_id:
            return self.website_id._dealer_division()
        return super()._dealer_default_division()

    # ------------------------------------------------------------------
    # Business: the dealer cart
    # ------------------------------------------------------------------
    def _dealer_cart_dealer(self):
        """The dealer company (sudo) this order is for, or empty."""
        self.ensure_one()
        commercial_sudo = self.sudo().partner_id.commercial_partner_id
        # A dealer trading through terms per division may have no tier of its own.
        is_dealer = commercial_sudo.dealer_tier_id or commercial_sudo.dealer_terms_ids
        return commercial_sudo if is_dealer else self.env["res.partner"]

    def _dealer_check_portal_actor(self, dealer_only=False):
        """The one role check of dealer ordering: the signed-in dealer user
        must order for its own company and hold the order-desk role (a
        dealer administrator holds it too). Back-office users and non-dealer
        carts pass, unless ``dealer_only``: then only an order-desk user of
        this order's dealer does (requests only a dealer may make)."""
        self.ensure_one()
        user = self.env.user
        user._dealer_check_role("order_desk")
        user_dealer = user._dealer_commercial_partner()
        if user_dealer and user_dealer != self.sudo().partner_id.commercial_partner_id:
            raise AccessError(self.env._("This order belongs to another company."))
        if dealer_only and not (user_dealer and self._dealer_cart_dealer()):
            raise AccessError(self.env._("Only a dealer's order desk can do this, on its own dealer cart."))

    def _dealer_online_allowed_products(self, products):
        """The products of ``products`` this cart's dealer may order online:
        the assortment rule (``_dealer_allowed_products``) in the order's
        division and published on the website. Every online channel (cart,
        quick order, reorder, email and WhatsApp) uses it."""
        self.ensure_one()
        dealer_sudo = self._dealer_cart_dealer()
        if not dealer_sudo:
            return products.browse()
        division = self._dealer_order_division()
        return dealer_sudo._dealer_allowed_products(products, division)._dealer_filter_published()

    def _dealer_orderable_products(self, products):
        """Unpublished products are out of the dealers' catalog on every
        channel, the back office's included (a sales manager may override)."""
        return super()._dealer_orderable_products(products)._dealer_filter_published()

    def _dealer_ensure_tier_pricelist(self):
        """A dealer cart is always priced with the dealer's tier list, even if
        the cart was started under another list (before signing in, or with
        a stale session). The tier is the dealer's in the order's division."""
        self.ensure_one()
        dealer_sudo = self._dealer_cart_dealer()
        pricelist = dealer_sudo._dealer_tier(self._dealer_order_division()).pricelist_id if dealer_sudo else False
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
            if not self._dealer_online_allowed_products(product):
                return 0, product._dealer_not_in_catalog_message(product.default_code or self.env._("This product"))
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
        if not product:
            raise UserError(self.env._("This product is not in your catalog."))
        if not self._dealer_online_allowed_products(product):
            raise UserError(product._dealer_not_in_catalog_message(product.default_code or self.env._("This product")))
        uom = order_line.product_uom or product.uom_id
        label = product_ref(product)
        whole_error = uom._dealer_whole_units_error(value, label)
        if whole_error:
            return order_line, None, whole_error
        target = value if set_qty else order_line.product_uom_qty + value
        if target > MAX_LINE_QTY:
            return (
                order_line,
                None,
                self.env._("%(qty)s is more than can be ordered on one line.", qty=fmt_qty(target)),
            )
        target = float_round(target, precision_rounding=uom.rounding)
        if float_is_zero(target, precision_rounding=uom.rounding):
            return (
                order_line,
                None,
                self.env._(
                    "%(qty)s is too small: %(sku)s is sold by steps of %(step)s %(unit)s.",
                    qty=fmt_qty(value),
                    sku=label,
                    step=fmt_qty(uom.rounding),
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
        res = super()._compute_cart_info()
        for order in self:
            total = round(sum(order.website_order_line.mapped("product_uom_qty")), 6)
            if total > order.cart_quantity and order._dealer_cart_dealer():
                order.cart_quantity = math.ceil(total)
        return res

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
        products = self.env["product.product"].browse({p.id for p, __ in entries})
        allowed = self._dealer_online_allowed_products(products) if self._dealer_cart_dealer() else products
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
        lines = self._dealer_product_lines().filtered(lambda l: not l.linked_line_id and not l.combo_item_id)
        allowed = (
            self._dealer_online_allowed_products(lines.product_id) if self._dealer_cart_dealer() else lines.product_id
        )
        totals, errors = {}, []
        for n, line in enumerate(lines, start=1):
            product = line.product_id
            sku = product.default_code or ""
            if product not in allowed:
                errors.append({"row": n, "sku": sku, "message": product._dealer_not_in_catalog_message()})
                continue
            qty = line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id, round=False)
            totals[product] = totals.get(product, 0.0) + qty
        for product, qty in list(totals.items()):
            whole_error = product.uom_id._dealer_whole_units_error(qty, product_label(product))
            if whole_error:
                errors.append({"row": 0, "sku": product.default_code or "", "message": whole_error})
                del totals[product]
        return {"entries": list(totals.items()), "errors": errors}

    def _dealer_clear_cart(self):
        """Empty this dealer's draft cart in one unlink, whatever its length:
        Odoo's own "clear cart" unlinks line by line, the order's totals and
        the lines' links recomputed after each (a 20-line quick order took 20
        rounds). Returns False, changing nothing, for an order that is not a
        dealer's draft website cart: other customers keep Odoo's route."""
        self.ensure_one()
        if self.state != "draft" or not self.website_id or not self._dealer_cart_dealer():
            return False
        if self.order_line:
            self.order_line.unlink()
        return True

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
        """Ask for another unit price on one line of this dealer cart, with a
        reason. Only the order desk of the cart's dealer may ask, only on a
        line priced by the dealer's pricing.

        The price is never changed here: the request is kept beside the
        line (``dealer_requested_price``), sends the order to approval at
        submission, and is applied when the approved order is confirmed."""
        self.ensure_one()
        self._dealer_check_portal_actor(dealer_only=True)
        if self.state != "draft" or self.dealer_submitted_at:
            raise UserError(self.env._("This order was already submitted; its prices can no longer change."))
        line = self.order_line.filtered(lambda l: l.id == line_id and l.product_id and not l.display_type)
        if not line:
            raise UserError(self.env._("This line is not in your cart."))
        if not line._dealer_is_priced_line():
            raise UserError(self.env._("A special price cannot be asked for this line."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you ask for a special price."))
        value = line._dealer_check_requested_price(price)
        line.write({"dealer_requested_price": value, "dealer_price_request_reason": reason[:MAX_REASON]})
        return line

    def _dealer_cancel_special_price(self, line_id):
        """Withdraw a special price request: the line keeps the dealer's price."""
        self.ensure_one()
        self._dealer_check_portal_actor(dealer_only=True)
        line = self.order_line.filtered(lambda l: l.id == line_id)
        if not line or self.state != "draft" or self.dealer_submitted_at:
            raise UserError(self.env._("This line is not in your cart."))
        line.write({"dealer_requested_price": 0.0, "dealer_price_request_reason": False})
        return line

    # ------------------------------------------------------------------
    # Business: portal submission
    # ------------------------------------------------------------------
    @api.model
    def _dealer_portal_submission_key(self, submission_key):
        """A submission key posted by the cart form, checked for shape: the
        server renders them as uuid4 hex strings."""
        if submission_key and not SUBMISSION_KEY_RE.match(submission_key):
            raise UserError(self.env._("This form has expired. Reload the page and submit again."))
        return submission_key or None

    def _dealer_shipping_address_domain(self):
        """The addresses this cart's dealer may deliver to: the dealer itself
        and its delivery addresses. The one rule of the list the cart offers
        (``_dealer_shipping_addresses_sudo``) and of the check of what is posted
        (``_dealer_valid_shipping_address``)."""
        self.ensure_one()
        dealer_sudo = self._dealer_cart_dealer()
        return [
            ("id", "child_of", dealer_sudo.id),
            ("type", "in", ("delivery", "contact", "other")),
            "|",
            ("type", "=", "delivery"),
            ("id", "=", dealer_sudo.id),
        ]

    def _dealer_shipping_addresses_sudo(self):
        """The delivery addresses the cart page offers, sudo: a dealer's users
        do not all read their company's addresses."""
        self.ensure_one()
        if not self._dealer_cart_dealer():
            return self.env["res.partner"]
        return self.env["res.partner"].sudo().search(self._dealer_shipping_address_domain(), order="type desc, name")

    def _dealer_valid_shipping_address(self, partner_id):
        """The delivery address ``partner_id`` if it is one of the addresses
        the cart offers, else a UserError: ids posted by a browser are never
        trusted."""
        self.ensure_one()
        dealer_sudo = self._dealer_cart_dealer()
        try:
            partner_id = int(partner_id)
        except (TypeError, ValueError):
            partner_id = 0
        address_sudo = (
            self.env["res.partner"]
            .sudo()
            .search([("id", "=", partner_id), *self._dealer_shipping_address_domain()], limit=1)
            if dealer_sudo and partner_id
            else self.env["res.partner"]
        )
        if not address_sudo:
            raise UserError(
                self.env._(
                    "The delivery address is not one of your company's addresses. Choose an address from the list."
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
        # The one role check, before anything of the cart is written.
        self._dealer_check_portal_actor()
        submission_key = self._dealer_portal_submission_key(submission_key)
        # A replay changes nothing on the cart: answered before any write.
        replay = self._dealer_replay(submission_key)
        if replay:
            return replay
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

    @api.model
    def _dealer_portal_submit_cart(self, cart_sudo, po_ref=None, shipping_partner_id=None, submission_key=None):
        """The portal's "Submit order": submit ``cart_sudo``, the signed-in
        user's cart (possibly empty), all or nothing (an error half-way
        leaves the cart as it was). A ``submission_key`` already used by the
        user's dealer (double click, refresh, back button) answers the first
        submission's result, flagged ``replayed``, even once the cart is
        gone. Returns the result of ``_dealer_portal_submit``; refusals are
        UserError/AccessError, with nothing written."""
        if not cart_sudo:
            # The cart is gone once submitted: a replay is still answered.
            submission_key = self._dealer_portal_submission_key(submission_key)
            previous_sudo = self._dealer_find_submission(submission_key, self.env.user._dealer_commercial_partner())
            if previous_sudo:
                return previous_sudo._dealer_submission_result(replayed=True)
            raise UserError(self.env._("Your cart is empty."))
        # A replay with a cart is answered by the submission itself (_dealer_replay).
        with self.env.cr.savepoint():
            return cart_sudo._dealer_portal_submit(
                po_ref=po_ref, shipping_partner_id=shipping_partner_id, submission_key=submission_key
            )

    def _dealer_blocked_attempt_issues(self, attempt_id):
        """The issues of the blocked submission ``attempt_id`` of this cart, as
        recorded then, for the cart page; [] for an attempt of another cart
        or one the signed-in user may not read."""
        self.ensure_one()
        try:
            attempt_id = int(attempt_id or 0)
        except (TypeError, ValueError):
            return []
        # Searched as the user: the portal rule limits attempts to its own company.
        attempt = (
            self.env["dealer.order.attempt"]
            .with_user(self.env.user)
            .search([("id", "=", attempt_id), ("outcome", "=", "blocked"), ("order_id", "=", self.id)], limit=1)
        )
        # The issues are the pipeline's record, not a field portal users read.
        return json.loads(attempt.sudo().issues_json or "[]") if attempt else []

    def _dealer_submit(self, channel=None, submission_key=None):
        """Only a dealer user with the order-desk role may submit; other
        channels and back-office users are not concerned."""
        self.ensure_one()
        self._dealer_check_portal_actor()
        return super()._dealer_submit(channel=channel, submission_key=submission_key)

    def _validate_order(self):
        """Native acceptance of a signed quotation (Accept & Sign on the
        portal) confirms it. A signed dealer order not yet submitted goes
        through the submission pipeline instead, as the signing order-desk
        user (the role is checked there); a block is shown to the dealer.
        Other callers (a zero-total checkout) meet the confirmation gate."""
        unsubmitted = self.filtered(lambda o: o.is_dealer_order and not o.dealer_submitted_at and o.signature)
        # Portal routes run as the superuser: the signer is named by the
        # accept route, and only elevated code is believed.
        signer_id = self.env.su and self.env.context.get("dealer_portal_signer_uid")
        for order in unsubmitted:
            if signer_id:
                order = order.with_user(signer_id).sudo()
            result = order._dealer_submit(channel="portal")
            if result["outcome"] == "blocked":
                raise UserError(
                    "\n".join(f"{i['message']} {i['hint']}".strip() for i in result["issues"] if i["severity"] == BLOCK)
                )
        rest = self - unsubmitted
        if rest:
            return super(SaleOrder, rest)._validate_order()
        return None

    def _dealer_approval_reason_text(self, issues=None):
        """Why this order waits for approval, in the dealer's words: dealer
        credit's reason when it is installed, else the approval issues."""
        self.ensure_one()
        if self.dealer_approval_reason:
            return self.dealer_approval_reason
        return "; ".join(i["message"] for i in (issues or []) if i["severity"] == APPROVAL)

    def _dealer_expected_date(self):
        """The date the dealer can expect its goods, best source first."""
        self.ensure_one()
        if self.dealer_eta:
            return self.dealer_eta
        return self.commitment_date or self.expected_date

    # ------------------------------------------------------------------
    # Hooks: a dealer role that sees no prices reads none, over any route
    # ------------------------------------------------------------------
    def check_field_access_rights(self, operation, field_names):
        allowed = super().check_field_access_rights(operation, field_names)
        return check_price_field_access(self, operation, field_names, allowed, ORDER_PRICE_FIELDS)

    def _fetch_field(self, field):
        records = price_safe_fetch_records(self, field, ORDER_PRICE_FIELDS)
        return super(SaleOrder, records)._fetch_field(field)

    def _track_filter_for_display(self, tracking_values):
        """Chatter hook of mail: tracked totals (``amount_total`` is tracked)
        are not shown to a dealer role that sees no prices."""
        tracking_values = super()._track_filter_for_display(tracking_values)
        if not self.env.user._dealer_hides_prices():
            return tracking_values
        hidden = hidden_price_fields(self, ORDER_PRICE_FIELDS)
        return tracking_values.filtered(lambda tracking: tracking.field_id.name not in hidden)

    # ------------------------------------------------------------------
    # Business: the dealer's order history
    # ------------------------------------------------------------------
    @api.model
    def _dealer_history_base_domain(self, partner, division=None):
        """Orders that belong in the dealer's history: every order of the
        dealer company (all its contacts and users), including submitted and
        pending-approval orders, but not carts that were never submitted;
        only those of ``division`` when one is given (a division's portal
        shows its own orders, "all divisions" passes none)."""
        commercial = partner.commercial_partner_id
        division_domain = [("dealer_division_id", "=", division.id)] if division else []
        return [
            ("partner_id.commercial_partner_id", "=", commercial.id),
            *division_domain,
            "|",
            "|",
            ("state", "in", ("sent", "sale")),
            ("dealer_submitted_at", "!=", False),
            ("dealer_confirmed_at", "!=", False),
        ]

    @api.model
    def _dealer_history_status_filters(self):
        """Status filters of the order history, as an ordered dict
        {key: {"label", "domain"}}: dealer_delivery's stages, then
        dealer_credit's approval states. Extend with super() to add filters."""
        _ = self.env._
        filters = {"all": {"label": _("All"), "domain": []}}
        for key, label in self._fields["dealer_stage"]._description_selection(self.env):
            if key == "draft":
                continue  # carts are not part of the history
            filters[key] = {"label": label, "domain": [("dealer_stage", "=", key)]}
        filters["in_transit"] = {
            "label": _("In transit"),
            "domain": [("dealer_stage", "in", list(IN_TRANSIT_STAGES))],
        }
        filters["approval_pending"] = {
            "label": _("Awaiting approval"),
            "domain": [("dealer_approval_state", "=", "pending")],
        }
        filters["approval_rejected"] = {
            "label": _("Rejected"),
            "domain": [("dealer_approval_state", "=", "rejected")],
        }
        return filters

    @api.model
    def _dealer_history_search_domain(self, search, search_in="all"):
        """Domain for the history search box. ``search_in``: ``all``,
        ``number``, ``po`` or ``product`` (name or internal reference). The
        product part is a subquery on the order lines, so it stays one SQL
        statement whatever the number of orders or lines."""
        search = (search or "").strip()
        if not search:
            return []
        parts = []
        if search_in in ("all", "number"):
            parts.append([("name", "ilike", search)])
        if search_in in ("all", "po"):
            parts.append([("client_order_ref", "ilike", search)])
        if search_in in ("all", "product"):
            # Product names are not all readable by portal users (unpublished
            # or company-restricted products); the subquery is still bounded
            # by the orders the user may read.
            products = (
                self.env["product.product"]
                .sudo()
                .with_context(active_test=False)
                ._search(["|", ("name", "ilike", search), ("default_code", "ilike", search)])
            )
            parts.append([("order_line.product_id", "in", products)])
        domain = []
        for part in parts:
            domain = ["|", *domain, *part] if domain else part
        return domain

    @api.model
    def _dealer_history_domain(
        self, partner, search=None, search_in="all", status="all", date_from=None, date_to=None, division=None
    ):
        """The complete order history domain for ``partner``'s dealer (in
        ``division`` when given). Dates are calendar days (``YYYY-MM-DD`` or
        date), inclusive, on the order date. Invalid dates are ignored rather
        than failing the page."""
        domain = self._dealer_history_base_domain(partner, division=division)
        filters = self._dealer_history_status_filters()
        domain += filters.get(status, filters["all"])["domain"]
        domain += self._dealer_history_search_domain(search, search_in)
        date_from = to_date_or_none(date_from)
        date_to = to_date_or_none(date_to)
        if date_from:
            domain.append(("date_order", ">=", datetime.combine(date_from, time.min)))
        if date_to:
            domain.append(("date_order", "<=", datetime.combine(date_to, time.max)))
        return domain

    def _dealer_history_csv(self, with_prices):
        """CSV bytes (UTF-8 with BOM, for spreadsheets) of the order history
        rows ``self``; totals only ``with_prices`` (roles that see prices).
        Cells a spreadsheet would run as formulas are neutralised."""
        _ = self.env._
        stage_info = self._dealer_stage_info()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        header = [_("Number"), _("PO Reference"), _("Date"), _("Status"), _("Ordered By")]
        if with_prices:
            header += [_("Untaxed"), _("Total"), _("Currency")]
        writer.writerow(csv_safe_row(header))
        for order in self:
            row = [
                order.name,
                order.client_order_ref or "",
                order.date_order and order.date_order.strftime("%Y-%m-%d %H:%M") or "",
                stage_info[order.id][1] or "",
                (order.dealer_submitted_by.partner_id or order.partner_id).name or "",
            ]
            if with_prices:
                row += [order.amount_untaxed, order.amount_total, order.currency_id.name]
            writer.writerow(csv_safe_row(row))
        return buffer.getvalue().encode("utf-8-sig")

    @api.model
    def _dealer_history_query(
        self,
        partner,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        date_from=None,
        date_to=None,
        with_prices=True,
        division=None,
    ):
        """The order history search of the page and of its CSV export, from
        the request's values: each key is checked against the known ones (an
        unknown key falls back to the default, never fails), then the domain
        and the order are built. Returns {"domain", "order", "sortby",
        "filterby", "search_in", "sortings", "filters"}; ``with_prices``
        False drops the sorting by total; ``division`` (a dealer.division)
        keeps its orders only."""
        sortings = self._dealer_history_sortings(with_prices=with_prices)
        filters = self._dealer_history_status_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in HISTORY_SEARCH_IN else "all"
        domain = self._dealer_history_domain(
            partner,
            search=search,
            search_in=search_in,
            status=filterby,
            date_from=date_from,
            date_to=date_to,
            division=division,
        )
        return {
            "domain": domain,
            "order": sortings[sortby]["order"],
            "sortby": sortby,
            "filterby": filterby,
            "search_in": search_in,
            "sortings": sortings,
            "filters": filters,
        }

    @api.model
    def _dealer_history_sortings(self, with_prices=True):
        _ = self.env._
        sortings = {
            "date": {"label": _("Newest"), "order": "date_order desc, id desc"},
            "date_asc": {"label": _("Oldest"), "order": "date_order asc, id asc"},
            "name": {"label": _("Number"), "order": "name desc, id desc"},
            "po": {"label": _("PO Reference"), "order": "client_order_ref asc, id desc"},
        }
        if with_prices:
            sortings["amount"] = {"label": _("Total"), "order": "amount_total desc, id desc"}
        return sortings

    def _dealer_stage_info(self):
        """Dealer-facing stage of each order in ``self``: {order_id: (key,
        label)}. Reads only stored fields of the prefetched records (no query
        per order)."""
        stage_labels = dict(self._fields["dealer_stage"]._description_selection(self.env))
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        _ = self.env._
        result = {}
        for order in self:
            if order.dealer_approval_state in ("pending", "rejected"):
                key = "approval_" + order.dealer_approval_state
                label = _("Awaiting approval") if key == "approval_pending" else _("Rejected")
            elif order.dealer_stage and order.dealer_stage != "draft":
                key, label = order.dealer_stage, stage_labels.get(order.dealer_stage)
            elif order.state in ("draft", "sent") and order.dealer_submitted_at:
                key, label = "submitted", _("Submitted")
            else:
                key, label = order.state, state_labels.get(order.state)
            result[order.id] = (key, label)
        return result

    def _dealer_tracking_values(self, user=None):
        """Values for the tracking block of the order page: dealer_delivery's
        timeline, shipments and ETA, dealer_credit's approval state and
        reasons, and the dealer-facing stage. ``user``: the reader (the
        page reads the order as the system), by default the current user."""
        self.ensure_one()
        # The reasons quote amounts: not shown to a role that sees none.
        hides_prices = (user or self.env.user)._dealer_hides_prices()
        values = {
            "timeline": self._dealer_timeline(),
            "shipments": self._dealer_shipments(),
            "eta": self.dealer_eta,
            "approval_state": self.dealer_approval_state,
            "approval_reason": False if hides_prices else self.dealer_approval_reason,
            "rejection_reason": False if hides_prices else self.dealer_rejection_reason,
            "stage": self._dealer_stage_info()[self.id],
        }
        for shipment in values["shipments"]:
            location = shipment.get("last_location") or {}
            shipment["map_url"] = location.get("map_url") or False
            shipment["location_text"] = location.get("text") or ""
        return values

    # ------------------------------------------------------------------
    # Hooks: notifications
    # ------------------------------------------------------------------
    def _dealer_notification_shows_prices(self, message, msg_vals):
        """Every email about an order shows its total: sale's rendering
        context puts ``amount_total`` under the order's name in the layout's
        header, whatever the message. The message adds more: tracked amounts
        (``amount_total`` is tracked), the quotation and confirmation emails
        and their PDF."""
        return True


def _is_zero(value):
    try:
        return float(str(value).strip().replace(",", ".")) == 0
    except ValueError:
        return False
