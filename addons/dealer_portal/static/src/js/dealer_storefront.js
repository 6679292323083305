/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import { rpc } from "@web/core/network/rpc";
import { browser } from "@web/core/browser/browser";
import { Component } from "@odoo/owl";
import { WebsiteSale } from "@website_sale/js/website_sale";
import wSaleUtils from "@website_sale/js/website_sale_utils";

/**
 * Catalog: "Add" puts the product in the native cart without leaving the
 * page. Without JavaScript the form posts to /shop/cart/update instead.
 */
publicWidget.registry.DealerCatalogAdd = publicWidget.Widget.extend({
    selector: ".o_dealer_catalog",
    events: {
        "submit .o_dealer_add_form": "_onAdd",
    },

    async _onAdd(ev) {
        ev.preventDefault();
        const form = ev.currentTarget;
        const item = form.closest(".o_dealer_catalog_item");
        const ok = item.querySelector(".o_dealer_added");
        const error = item.querySelector(".o_dealer_add_error");
        const button = form.querySelector("button");
        ok.classList.add("d-none");
        error.classList.add("d-none");
        button.disabled = true;
        try {
            const data = await rpc("/shop/cart/update_json", {
                product_id: parseInt(form.elements.product_id.value),
                add_qty: form.elements.add_qty.value,
                display: false,
            });
            if (data.notification_info && data.notification_info.warning) {
                error.textContent = data.notification_info.warning;
                error.classList.remove("d-none");
            } else {
                ok.classList.remove("d-none");
            }
            const badge = this.el.querySelector(".o_dealer_cart_qty");
            if (badge && data.cart_quantity !== undefined) {
                badge.textContent = data.cart_quantity;
            }
            document.querySelectorAll(".my_cart_quantity").forEach((el) => {
                el.textContent = data.cart_quantity || "";
            });
        } catch (e) {
            error.textContent = (e && e.data && e.data.message) || (e && e.message) || String(e);
            error.classList.remove("d-none");
        } finally {
            button.disabled = false;
        }
    },
});

/**
 * Quick order: SKU autocomplete from the dealer's own assortment.
 */
publicWidget.registry.DealerQuickOrderSearch = publicWidget.Widget.extend({
    selector: ".o_dealer_sku_form",
    events: {
        "input .o_dealer_sku_input": "_onInput",
    },

    init() {
        this._super(...arguments);
        this._timer = null;
        this._lastTerm = "";
    },

    _onInput(ev) {
        const term = ev.currentTarget.value.trim();
        clearTimeout(this._timer);
        if (term.length < 2 || term === this._lastTerm) {
            return;
        }
        this._timer = setTimeout(() => this._search(term), 200);
    },

    async _search(term) {
        this._lastTerm = term;
        const results = await rpc("/my/quick-order/search", { term, limit: 10 });
        const list = this.el.querySelector(".o_dealer_sku_suggestions");
        list.replaceChildren(
            ...results.map((r) => {
                const option = document.createElement("option");
                option.value = r.sku;
                option.textContent = r.label;
                return option;
            })
        );
    },
});

/**
 * Dealer cart: a quantity input marked data-dealer-decimals sends the
 * quantity as typed ("2.5", "2,5"), where native truncates it with parseInt.
 * The server keeps it exact for units sold by weight or length, or answers
 * with a warning and the line's unchanged quantity. Other carts are native.
 */
function dealerQtyText(input) {
    return input.value.trim() || "0";
}

WebsiteSale.include({
    _onChangeCartQuantity(ev) {
        const input = ev.currentTarget;
        if (!input.dataset.dealerDecimals) {
            return this._super(...arguments);
        }
        const $input = $(input);
        if ($input.data("update_change")) {
            return;
        }
        const $domOptional = $input.closest("tr").nextUntil(":not(.optional_product.info)");
        const lineId = parseInt(input.dataset.lineId, 10);
        const productIds = [parseInt(input.dataset.productId, 10)];
        this._changeCartQuantity($input, dealerQtyText(input), $domOptional, lineId, productIds);
    },

    _changeCartQuantity($input, value, $domOptional, lineId, productIds) {
        if (!$input[0] || !$input[0].dataset.dealerDecimals) {
            return this._super(...arguments);
        }
        $($domOptional)
            .toArray()
            .forEach((elem) => {
                $(elem).find(".js_quantity").text(value);
                productIds.push($(elem).find("span[data-product-id]").data("product-id"));
            });
        $input.data("update_change", true);
        return rpc("/shop/cart/update_json", {
            line_id: lineId,
            product_id: parseInt($input.data("product-id"), 10),
            set_qty: value,
            display: true,
        }).then(
            (data) => {
                $input.data("update_change", false);
                // Compared as text: native's parseInt check would loop on 2.5.
                if (dealerQtyText($input[0]) !== value) {
                    $input.trigger("change");
                    return;
                }
                if (!data.cart_quantity) {
                    browser.sessionStorage.setItem("website_sale_cart_quantity", 0);
                    window.location = "/shop/cart";
                    return;
                }
                $input.val(data.quantity);
                $(`.js_quantity[data-line-id=${lineId}]`).val(data.quantity).text(data.quantity);
                wSaleUtils.updateCartNavBar(data);
                wSaleUtils.showWarning(data.notification_info.warning);
                Component.env.bus.trigger("cart_amount_changed", [data.amount, data.minor_amount]);
            },
            (error) => {
                // A refusal (role, catalog) is shown in the cart, never as an error dialog.
                $input.data("update_change", false);
                wSaleUtils.showWarning((error && error.data && error.data.message) || String(error));
            }
        );
    },

    _onClickAddCartJSON(ev) {
        const input = ev.currentTarget.closest(".input-group")?.querySelector("input[data-dealer-decimals]");
        if (input) {
            // Native's +/- uses parseFloat, which reads "2,5" as 2.
            input.value = input.value.trim().replace(",", ".");
        }
        return this._super(...arguments);
    },
});
