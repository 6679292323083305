/** @odoo-module **/

import { registry } from "@web/core/registry";

// A blocked submission lists each issue; the dealer corrects the cart and resubmits.
registry.category("web_tour.tours").add("dealer_storefront_blocked_then_fixed", {
    url: "/my/quick-order",
    steps: () => [
        { content: "paste a too small bolt quantity", trigger: "textarea.o_dealer_lines", run: "edit DC-BOLT 5" },
        { trigger: ".o_dealer_paste_btn", run: "click", expectUnloadPage: true },
        { trigger: ".o_dealer_added_count" },
        { trigger: "a.o_dealer_go_cart", run: "click", expectUnloadPage: true },
        {
            content: "the cart already shows the line's issue",
            trigger: ".o_dealer_line_issues .o_dealer_issue_qty_below_min",
        },
        { content: "submit anyway", trigger: ".o_dealer_submit_btn", run: "click", expectUnloadPage: true },
        {
            content: "blocked: nothing sent, the issue and its hint are listed",
            trigger: ".o_dealer_blocked .o_dealer_issue_qty_below_min:contains('Order at least 20')",
        },
        { content: "the cart is unchanged", trigger: "#cart_products input.js_quantity:value(5)" },
        {
            content: "correct the quantity",
            trigger: "#cart_products input.js_quantity",
            run: "edit 20 && click h3:contains('Order overview')",
        },
        {
            content: "the issue is gone as soon as the quantity changed",
            trigger: "#cart_products:not(:has(.o_dealer_issue_qty_below_min)) input.js_quantity:value(20)",
        },
        { content: "submit again", trigger: ".o_dealer_submit_btn", run: "click", expectUnloadPage: true },
        { content: "confirmed", trigger: ".o_dealer_confirmed .o_dealer_order_name" },
    ],
});
