/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import { rpc } from "@web/core/network/rpc";

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
