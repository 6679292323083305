import uuid

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request, route

from odoo.addons.dealer_pricing.const import WARNING
from odoo.addons.website_sale.controllers.main import WebsiteSale
from odoo.addons.website_sale.controllers.variant import WebsiteSaleVariantController

from .mixins import DEALER_ERRORS, DealerControllerMixin


class DealerWebsiteSale(DealerControllerMixin, WebsiteSale):
    """The native shop and cart, for dealers: assortment, tier prices and
    roles enforced, and a "Submit order" step instead of the payment
    checkout. Non-dealer visitors keep the native behaviour."""

    def _dealer_ordering_redirect(self):
        """A redirect for dealer users who may not order (warehouse, finance),
        or None."""
        dealer_sudo, may_order = self._dealer_user_state()
        if dealer_sudo and not may_order:
            self._dealer_flash(self._dealer_order_desk_message())
            return request.redirect("/my")
        return None

    # ------------------------------------------------------------------
    # Native routes, guarded
    # ------------------------------------------------------------------
    @route()
    def shop(self, page=0, category=None, search="", min_price=0.0, max_price=0.0, ppg=False, **post):
        return self._dealer_ordering_redirect() or super().shop(
            page=page, category=category, search=search, min_price=min_price, max_price=max_price, ppg=ppg, **post
        )

    @route()
    def product(self, product, category="", search="", **kwargs):
        redirect = self._dealer_ordering_redirect()
        if redirect:
            return redirect
        if not product._dealer_is_in_current_catalog():
            raise NotFound()
        return super().product(product, category=category, search=search, **kwargs)

    @route()
    def cart(self, access_token=None, revive="", **post):
        redirect = self._dealer_ordering_redirect()
        if redirect:
            return redirect
        if access_token and not self._dealer_may_revive(access_token):
            # Reviving (squash) would make another company's cart this
            # user's session cart; merging would move its lines here and
            # cancel it.
            self._dealer_flash(request.env._("This cart belongs to another account."))
            return request.redirect("/shop/cart")
        response = super().cart(access_token=access_token, revive=revive, **post)
        if getattr(response, "qcontext", None) is not None and request.env.user._is_dealer_portal_user():
            # A dealer's cart is a light page; other customers keep the native one.
            response.qcontext["dealer_light_page"] = self._dealer_light_page()
        return response

    def _dealer_may_revive(self, access_token):
        """False when the cart of ``access_token`` (abandoned-cart emails
        carry it) belongs to another company than the signed-in dealer
        user's, or is a dealer's cart and the signed-in user is not one of
        its users."""
        user = request.env.user
        if user._is_public():
            return True
        # The token is the credential here: the order is looked up like the native route does.
        order_sudo = request.env["sale.order"].sudo().search([("access_token", "=", access_token)], limit=1)
        if not order_sudo:
            return True
        own_commercial = user.partner_id.commercial_partner_id
        if user._is_dealer_portal_user() or order_sudo.partner_id._dealer_is_dealer():
            return order_sudo.partner_id.commercial_partner_id == own_commercial
        return True

    @route()
    def cart_update(
        self,
        product_id,
        add_qty=1,
        set_qty=0,
        product_custom_attribute_values=None,
        no_variant_attribute_value_ids=None,
        **kwargs,
    ):
        redirect = self._dealer_ordering_redirect()
        if redirect:
            return redirect
        try:
            return super().cart_update(
                product_id,
                add_qty=add_qty,
                set_qty=set_qty,
                product_custom_attribute_values=product_custom_attribute_values,
                no_variant_attribute_value_ids=no_variant_attribute_value_ids,
                **kwargs,
            )
        except DEALER_ERRORS as exc:
            if not self._dealer_user_state()[0]:
                raise
            self._dealer_flash(exc)
            return request.redirect("/shop/cart")

    @route()
    def cart_update_json(
        self,
        product_id,
        line_id=None,
        add_qty=None,
        set_qty=None,
        display=True,
        product_custom_attribute_values=None,
        no_variant_attribute_value_ids=None,
        **kwargs,
    ):
        request.env.user._dealer_check_role("order_desk")
        return super().cart_update_json(
            product_id,
            line_id=line_id,
            add_qty=add_qty,
            set_qty=set_qty,
            display=display,
            product_custom_attribute_values=product_custom_attribute_values,
            no_variant_attribute_value_ids=no_variant_attribute_value_ids,
            **kwargs,
        )

    @route()
    def clear_cart(self):
        order_sudo = request.website.sale_get_order()
        if order_sudo and order_sudo._dealer_clear_cart():
            return None
        return super().clear_cart()

    @route()
    def shop_checkout(self, try_skip_step=None, **query_params):
        # Dealers order on account: the cart's "Submit order" replaces checkout and payment.
        if self._dealer_user_state()[0]:
            return request.redirect("/shop/cart")
        return super().shop_checkout(try_skip_step=try_skip_step, **query_params)

    @route()
    def shop_confirm_order(self, **post):
        if self._dealer_user_state()[0]:
            return request.redirect("/shop/cart")
        return super().shop_confirm_order(**post)

    @route()
    def shop_payment(self, **post):
        if self._dealer_user_state()[0]:
            return request.redirect("/shop/cart")
        return super().shop_payment(**post)

    @route()
    def shop_payment_validate(self, sale_order_id=None, **post):
        # Dealers submit on account; the order checks stop a confirmation
        # from here anyway (the one door), this only spares them an error.
        if self._dealer_user_state()[0]:
            return request.redirect("/shop/cart")
        return super().shop_payment_validate(sale_order_id=sale_order_id, **post)

    def _cart_values(self, **post):
        """Adds the dealer's submission form, pipeline issues and the result
        of a blocked submission to the cart page."""
        values = super()._cart_values(**post)
        dealer_sudo, may_order = self._dealer_user_state()
        if not dealer_sudo or not may_order:
            return values
        order = request.website.sale_get_order()
        values.update(self._prepare_dealer_cart_values(order, dealer_sudo, post.get("dealer_attempt")))
        return values

    def _prepare_dealer_cart_values(self, order_sudo, dealer_sudo, attempt_id=None):
        blocked = order_sudo._dealer_blocked_attempt_issues(attempt_id) if order_sudo and attempt_id else []
        return {
            "dealer_cart": True,
            "dealer_sudo": dealer_sudo,
            "dealer_submission_key": uuid.uuid4().hex,
            "dealer_addresses": order_sudo._dealer_shipping_addresses_sudo()
            if order_sudo
            else request.env["res.partner"],
            "dealer_blocked_issues": blocked,
            "dealer_error": self._dealer_pop_flash(),
        }

    # ------------------------------------------------------------------
    # Dealer routes
    # ------------------------------------------------------------------
    @route("/shop/dealer/submit", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def dealer_submit(self, submission_key=None, po_ref=None, shipping_id=None, **post):
        """Submit the cart on account. Blocked: back to the cart with each
        issue; otherwise to the result page. A replayed key lands on the
        first submission's result."""
        dealer_sudo, may_order = self._dealer_user_state()
        if not dealer_sudo:
            return request.redirect("/shop/cart")
        if not may_order:
            return self._dealer_ordering_redirect()
        order_sudo = request.website.sale_get_order()
        try:
            result = request.env["sale.order"]._dealer_portal_submit_cart(
                order_sudo, po_ref=po_ref, shipping_partner_id=shipping_id, submission_key=submission_key
            )
        except DEALER_ERRORS as exc:
            self._dealer_flash(exc)
            return request.redirect("/shop/cart")
        if result.get("replayed") and result["order_id"] != order_sudo.id:
            # The form of an earlier submission: its result, the cart kept.
            return request.redirect(f"/shop/dealer/submitted/{result['order_id']}")
        if result["outcome"] == "blocked":
            return request.redirect(f"/shop/cart?dealer_attempt={result['attempt_id']}")
        request.website.sale_reset()
        return request.redirect(f"/shop/dealer/submitted/{result['order_id']}")

    @route("/shop/dealer/submitted/<int:order_id>", type="http", auth="user", website=True, sitemap=False)
    def dealer_submitted(self, order_id, **kw):
        try:
            order_sudo = self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not order_sudo.dealer_submitted_at:
            return request.redirect("/shop/cart")
        if request.env.user._dealer_hides_prices():
            # The result shows the total and the approval reason: a role that
            # sees no prices follows the order on its tracking page.
            return request.redirect(f"/my/orders/{order_sudo.id}/track")
        return request.render("dealer_portal.dealer_submission_result", self._prepare_dealer_result_values(order_sudo))

    def _prepare_dealer_result_values(self, order_sudo):
        result = order_sudo._dealer_submission_result()
        return {
            "order": order_sudo,
            "outcome": result["outcome"],
            "approval_reason": order_sudo._dealer_approval_reason_text(result["issues"]),
            "expected_date": order_sudo._dealer_expected_date(),
            "warnings": [i for i in result["issues"] if i["severity"] == WARNING],
        }

    @route("/shop/cart/dealer_price_request", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def dealer_price_request(self, line_id=None, price=None, reason=None, cancel=None, **post):
        """Ask for (or withdraw) a special price on one cart line."""
        redirect = self._dealer_ordering_redirect()
        if redirect:
            return redirect
        order_sudo = request.website.sale_get_order()
        try:
            if not order_sudo or not str(line_id or "").isdigit():
                raise UserError(request.env._("This line is not in your cart."))
            with request.env.cr.savepoint():
                if cancel:
                    order_sudo._dealer_cancel_special_price(int(line_id))
                else:
                    order_sudo._dealer_request_special_price(int(line_id), price, reason)
        except DEALER_ERRORS as exc:
            self._dealer_flash(exc)
        return request.redirect("/shop/cart")

    @route("/my/catalog", type="http", auth="public", website=True, sitemap=False, readonly=True)
    def dealer_catalog(self, search="", categ=None, page=1, **kw):
        """The dealer catalog: the assortment with dealer prices, schemes,
        availability and quantity rules; or, when the website allows it, a
        public catalog without prices.

        Read-only: with ``db_replica_host`` set, the catalog's load goes to
        the read replica (Odoo retries on the primary should a write occur)."""
        user = request.env.user
        website = request.website
        if user._is_public():
            if not website.dealer_public_catalog:
                return request.redirect("/web/login?redirect=/my/catalog")
        else:
            dealer_sudo, may_order = self._dealer_user_state()
            if not dealer_sudo:
                return request.redirect("/shop")
            if not may_order:
                return self._dealer_ordering_redirect()
        categ_id = int(categ) if str(categ or "").isdigit() else None
        page = int(page) if str(page or "").isdigit() else 1
        values = website._dealer_catalog_values(search=(search or "")[:100], categ_id=categ_id, page=page)
        values["dealer_error"] = self._dealer_pop_flash()
        values["dealer_light_page"] = self._dealer_light_page()
        return request.render("dealer_portal.dealer_catalog", values)


class DealerWebsiteSaleVariant(WebsiteSaleVariantController):
    """Combination info (price, availability of a variant) for dealers: no
    price for roles that see none, nor for products outside the dealer's
    assortment."""

    @route()
    def get_combination_info_website(
        self, product_template_id, product_id, combination, add_qty, parent_combination=None, **kwargs
    ):
        info = super().get_combination_info_website(
            product_template_id, product_id, combination, add_qty, parent_combination=parent_combination, **kwargs
        )
        user = request.env.user
        if not user._is_dealer_portal_user():
            return info
        template = request.env["product.template"].browse(int(product_template_id or 0))
        if user._dealer_hides_prices() or not template or not template._dealer_is_in_current_catalog():
            for key in [key for key in info if "price" in key]:
                info[key] = False
            info["prevent_zero_price_sale"] = True
        return info
