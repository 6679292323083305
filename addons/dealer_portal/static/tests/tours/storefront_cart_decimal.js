/** @odoo-module **/

import { registry } from "@web/core/registry";

const FLOUR = ".o_cart_product:contains('DC Bulk Flour')";
const DRILL = ".o_cart_product:contains('DC Cordless Drill')";
const BLUR = "click h3:contains('Order overview')";

// Decimal quantities in the dealer cart: typed with a comma, changed with
// -/+, refused for a product sold in whole units, and kept after a reload.
registry.category("web_tour.tours").add("dealer_storefront_cart_decimal", {
    url: "/my/quick-order",
    steps: () => [
        {
            content: "paste 1 kg of flour and 2 drills",
            trigger: "textarea.o_dealer_lines",
            run() {
                this.anchor.value = "DC-FLOUR 1\nDC-DRILL 2";
            },
        },
        { trigger: ".o_dealer_paste_btn", run: "click", expectUnloadPage: true },
        { trigger: ".o_dealer_added_count:contains('2 product(s) added')" },
        { trigger: "a.o_dealer_go_cart", run: "click", expectUnloadPage: true },
        {
            content: "1 kg is below the 2 kg minimum",
            trigger: `${FLOUR} .o_dealer_issue_qty_below_min`,
        },
        {
            content: "type 2,5 kg",
            trigger: `${FLOUR} input.js_quantity[data-dealer-decimals][inputmode='decimal']`,
            run: `edit 2,5 && ${BLUR}`,
        },
        {
            content: "kept as 2.5, and the minimum issue is gone",
            trigger: `${FLOUR}:not(:has(.o_dealer_issue_qty_below_min)) input.js_quantity:value(2.5)`,
        },
        { content: "minus one", trigger: `${FLOUR} a.js_add_cart_json:has(.fa-minus)`, run: "click" },
        {
            content: "1.5 kg, below the minimum again",
            trigger: `${FLOUR}:has(.o_dealer_issue_qty_below_min) input.js_quantity:value(1.5)`,
        },
        { content: "plus one", trigger: `${FLOUR} a.js_add_cart_json:has(.fa-plus)`, run: "click" },
        {
            content: "back to 2.5 kg",
            trigger: `${FLOUR}:not(:has(.o_dealer_issue_qty_below_min)) input.js_quantity:value(2.5)`,
        },
        {
            content: "2.5 drills",
            trigger: `${DRILL} input.js_quantity[data-dealer-decimals][inputmode='numeric']`,
            run: `edit 2.5 && ${BLUR}`,
        },
        {
            content: "refused with the reason, the line keeps 2",
            trigger: "#data_warning:contains('DC-DRILL is sold in whole units; 2.5 is not a whole number.')",
        },
        { trigger: `${DRILL} input.js_quantity:value(2)` },
        {
            content: "reload the cart",
            trigger: "body",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        { content: "2.5 kg kept after reload", trigger: `${FLOUR} input.js_quantity:value(2.5)` },
        { trigger: `${DRILL} input.js_quantity:value(2)` },
    ],
});
