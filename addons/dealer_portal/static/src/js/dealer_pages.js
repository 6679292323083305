/** @odoo-module ignore **/
/*
 * The dealer pages' own behaviour, in plain JavaScript: it needs neither Owl
 * nor Odoo's public widgets, so the dealer catalog, quick order and cart can
 * run without Odoo's 2.3 MB front-end bundle on a phone (see
 * views/light_assets_templates.xml). Loaded by that light bundle and by
 * web.assets_frontend (full pages, back-office users, tours) alike.
 *
 * Every form here also works without JavaScript: "Add" posts to
 * /shop/cart/update and the SKU field is a plain input.
 */
(function () {
    "use strict";

    if (window.dealerPages) {
        return;
    }

    let rpcId = 0;

    /**
     * JSON-RPC to a type="json" route. Rejects with an Error whose message is
     * the server's (a UserError's text) when the call fails.
     */
    async function jsonRpc(url, params) {
        const response = await fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: ++rpcId }),
        });
        if (!response.ok) {
            throw new Error(`${response.status} ${response.statusText}`);
        }
        const payload = await response.json();
        if (payload.error) {
            const data = payload.error.data || {};
            const error = new Error(data.message || payload.error.message || "Error");
            error.data = data;
            throw error;
        }
        return payload.result;
    }

    function errorText(error) {
        return (error && error.data && error.data.message) || (error && error.message) || String(error);
    }

    /** The cart badges of the header and of the dealer pages. */
    function setCartQuantity(quantity) {
        if (quantity === undefined) {
            return;
        }
        try {
            window.sessionStorage.setItem("website_sale_cart_quantity", quantity);
        } catch {
            // Private browsing: the server renders the badge anyway.
        }
        document.querySelectorAll(".my_cart_quantity, .o_dealer_cart_qty").forEach((el) => {
            el.textContent = quantity || (el.classList.contains("o_dealer_cart_qty") ? "0" : "");
            el.classList.toggle("d-none", !quantity && el.classList.contains("my_cart_quantity"));
        });
    }

    // Catalog: "Add" puts the product in the native cart without leaving the page.
    async function onCatalogAdd(form) {
        const item = form.closest(".o_dealer_catalog_item");
        const ok = item && item.querySelector(".o_dealer_added");
        const error = item && item.querySelector(".o_dealer_add_error");
        const button = form.querySelector("button");
        ok?.classList.add("d-none");
        error?.classList.add("d-none");
        if (button) {
            button.disabled = true;
        }
        try {
            const data = await jsonRpc("/shop/cart/update_json", {
                product_id: parseInt(form.elements.product_id.value, 10),
                add_qty: form.elements.add_qty.value,
                display: false,
            });
            const warning = data.notification_info && data.notification_info.warning;
            if (warning) {
                if (error) {
                    error.textContent = warning;
                    error.classList.remove("d-none");
                }
            } else {
                ok?.classList.remove("d-none");
            }
            setCartQuantity(data.cart_quantity);
        } catch (e) {
            if (error) {
                error.textContent = errorText(e);
                error.classList.remove("d-none");
            }
        } finally {
            if (button) {
                button.disabled = false;
            }
        }
    }

    // Quick order: SKU suggestions from the dealer's own assortment.
    const skuState = new WeakMap();

    function onSkuInput(input) {
        const form = input.closest(".o_dealer_sku_form");
        const state = skuState.get(input) || { timer: null, last: "" };
        skuState.set(input, state);
        const term = input.value.trim();
        clearTimeout(state.timer);
        if (term.length < 2 || term === state.last) {
            return;
        }
        state.timer = setTimeout(async () => {
            state.last = term;
            let results = [];
            try {
                results = await jsonRpc("/my/quick-order/search", { term, limit: 10 });
            } catch {
                return; // Suggestions only: the field still takes any SKU.
            }
            const list = form && form.querySelector(".o_dealer_sku_suggestions");
            if (!list) {
                return;
            }
            list.replaceChildren(
                ...results.map((r) => {
                    const option = document.createElement("option");
                    option.value = r.sku;
                    option.textContent = r.label;
                    return option;
                })
            );
        }, 200);
    }

    document.addEventListener("submit", (ev) => {
        const form = ev.target.closest && ev.target.closest(".o_dealer_catalog .o_dealer_add_form");
        if (form && !ev.defaultPrevented) {
            ev.preventDefault();
            onCatalogAdd(form);
        }
    });
    document.addEventListener("input", (ev) => {
        if (ev.target.matches && ev.target.matches(".o_dealer_sku_form .o_dealer_sku_input")) {
            onSkuInput(ev.target);
        }
    });

    window.dealerPages = { jsonRpc, errorText, setCartQuantity };
})();
