/** @odoo-module **/

import { rpc } from "@web/core/network/rpc";
import { browser } from "@web/core/browser/browser";
import { Component } from "@odoo/owl";
import { WebsiteSale } from "@website_sale/js/website_sale";
import wSaleUtils from "@website_sale/js/website_sale_utils";

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
