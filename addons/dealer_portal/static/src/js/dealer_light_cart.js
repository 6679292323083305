/** @odoo-module ignore **/
/*
 * The native cart page (/shop/cart) for a dealer on the light pages: what
 * website_sale's cart widgets do (quantity field, + and -, remove, suggested
 * products), in plain JavaScript, against the same native route
 * (/shop/cart/update_json) and with the same server-rendered fragments
 * (website_sale.cart_lines, website_sale.total). Only in the light bundle:
 * with Odoo's full bundle, website_sale's own widgets run (and
 * dealer_storefront.js adapts them to decimal quantities).
 *
 * A quantity field marked data-dealer-decimals sends the quantity as typed
 * ("2.5", "2,5"); the server keeps it exact or answers with a warning.
 */
(function () {
    "use strict";

    if (window.dealerLightCart || !window.dealerPages) {
        return;
    }
    const { jsonRpc, errorText, setCartQuantity } = window.dealerPages;
    const DEBOUNCE_MS = 400;
    const timers = new WeakMap();
    const busy = new WeakSet();

    function inCart(el) {
        return Boolean(el.closest(".oe_website_sale .oe_cart"));
    }

    /** The value to send: text for decimal quantities, else an integer (native's parseInt). */
    function quantityOf(input) {
        if (input.dataset.dealerDecimals) {
            return input.value.trim() || "0";
        }
        const value = parseInt(input.value || 0, 10);
        return isNaN(value) ? 1 : value;
    }

    function showWarning(message) {
        if (!message) {
            return;
        }
        const page = document.querySelector(".oe_website_sale");
        if (!page) {
            return;
        }
        let alert = page.querySelector(":scope > #data_warning");
        if (!alert) {
            alert = document.createElement("div");
            alert.id = "data_warning";
            alert.className = "alert alert-danger alert-dismissible";
            alert.setAttribute("role", "alert");
            const close = document.createElement("button");
            close.type = "button";
            close.className = "btn-close";
            close.setAttribute("data-bs-dismiss", "alert");
            close.setAttribute("aria-label", "Close");
            alert.append(close, document.createElement("span"));
            page.prepend(alert);
        }
        alert.querySelector("span:last-child").textContent = message;
    }

    function replaceCart(data) {
        const old = [...document.querySelectorAll(".js_cart_lines")];
        if (old.length && data["website_sale.cart_lines"] !== undefined) {
            old[0].insertAdjacentHTML("beforebegin", data["website_sale.cart_lines"]);
            old.forEach((el) => el.remove());
        }
        const total = document.getElementById("cart_total");
        if (total && data["website_sale.total"] !== undefined) {
            total.outerHTML = data["website_sale.total"];
        }
        const mainButton = document.querySelector("a[name='website_sale_main_button']");
        mainButton?.classList.toggle("disabled", !data.cart_ready);
    }

    async function update(input) {
        if (busy.has(input)) {
            return;
        }
        const value = quantityOf(input);
        const lineId = parseInt(input.dataset.lineId, 10);
        const params = {
            product_id: parseInt(input.dataset.productId, 10),
            set_qty: value,
            display: true,
        };
        if (!isNaN(lineId)) {
            params.line_id = lineId;
        }
        busy.add(input);
        let data;
        try {
            data = await jsonRpc("/shop/cart/update_json", params);
        } catch (e) {
            // A refusal (role, catalog) is shown in the cart, never as an error dialog.
            showWarning(errorText(e));
            return;
        } finally {
            busy.delete(input);
        }
        if (input.isConnected && String(quantityOf(input)) !== String(value)) {
            // Typed again while the server answered: send the newer quantity.
            update(input);
            return;
        }
        if (!data.cart_quantity) {
            setCartQuantity(0);
            window.location = "/shop/cart";
            return;
        }
        replaceCart(data);
        setCartQuantity(data.cart_quantity);
        showWarning(data.notification_info && data.notification_info.warning);
    }

    function schedule(input) {
        clearTimeout(timers.get(input));
        timers.set(
            input,
            setTimeout(() => update(input), DEBOUNCE_MS)
        );
    }

    document.addEventListener("change", (ev) => {
        const input = ev.target;
        if (input.matches && input.matches("input.js_quantity[data-product-id]") && inCart(input)) {
            schedule(input);
        }
    });

    document.addEventListener("click", (ev) => {
        const target = ev.target.closest && ev.target.closest("a.js_add_cart_json, .js_delete_product, a.js_add_suggested_products");
        if (!target || !inCart(target)) {
            return;
        }
        ev.preventDefault();
        if (target.matches(".js_delete_product")) {
            const input = target.closest(".o_cart_product")?.querySelector(".js_quantity");
            if (input) {
                input.value = 0;
                update(input);
            }
        } else if (target.matches(".js_add_suggested_products")) {
            const input = target.previousElementSibling;
            if (input && input.matches(".js_quantity")) {
                input.value = 1;
                update(input);
            }
        } else {
            // + and -: native's rule, within the field's data-min and data-max.
            const input = target.closest(".input-group")?.querySelector("input.js_quantity");
            if (!input) {
                return;
            }
            if (input.dataset.dealerDecimals) {
                input.value = input.value.trim().replace(",", ".");
            }
            const min = parseFloat(input.dataset.min || 0);
            const max = parseFloat(input.dataset.max || Infinity);
            const previous = parseFloat(input.value || 0);
            const wanted = (target.querySelector(".fa-minus") ? -1 : 1) + previous;
            const next = wanted > min ? (wanted < max ? wanted : max) : min;
            if (next !== previous) {
                input.value = next;
                schedule(input);
            }
        }
    });

    // The mobile call-to-action bar of the checkout layout (website_sale's cart widget does the same).
    function placeCta() {
        const container = document.querySelector(".o_cta_navigation_container");
        const placeholder = document.querySelector(".o_cta_navigation_placeholder");
        if (!container || !placeholder) {
            return;
        }
        placeholder.classList.remove("d-none");
        placeholder.style.height = `${container.offsetHeight}px`;
        container.style.top = `calc(100% - ${container.offsetHeight}px)`;
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", placeCta);
    } else {
        placeCta();
    }

    window.dealerLightCart = { update };
})();
