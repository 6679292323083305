/** @odoo-module **/

import { registry } from "@web/core/registry";

// Login -> search the catalog -> quick order by paste -> submit -> confirmation.
registry.category("web_tour.tours").add("dealer_storefront_order_flow", {
    url: "/web/login?redirect=/my/catalog",
    steps: () => [
        { content: "login", trigger: "input#login", run: "edit dc_a_desk" },
        { content: "password", trigger: "input#password", run: "edit dc_a_desk" },
        { content: "sign in", trigger: "button:contains('Log in')", run: "click", expectUnloadPage: true },
        { content: "search the catalog", trigger: "#dealer_catalog_search", run: "edit drill" },
        { trigger: ".o_dealer_search_btn", run: "click", expectUnloadPage: true },
        {
            content: "the drill is found, at the dealer's price",
            trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_price:contains('150.00')",
        },
        { content: "the saw is filtered out", trigger: ".o_dealer_total:contains('1')" },
        { content: "open the quick order", trigger: "a[href='/my/quick-order']", run: "click", expectUnloadPage: true },
        {
            content: "paste lines, two separator styles",
            trigger: "textarea.o_dealer_lines",
            run() {
                this.anchor.value = "DC-DRILL 2\nDC-SAW;1";
            },
        },
        { trigger: ".o_dealer_paste_btn", run: "click", expectUnloadPage: true },
        { content: "both lines added", trigger: ".o_dealer_added_count:contains('2 product(s) added')" },
        { content: "go to the cart", trigger: "a.o_dealer_go_cart", run: "click", expectUnloadPage: true },
        { content: "PO reference", trigger: "input#dealer_po_ref", run: "edit PO-TOUR-1" },
        { content: "submit", trigger: ".o_dealer_submit_btn", run: "click", expectUnloadPage: true },
        { content: "confirmed", trigger: ".o_dealer_confirmed .o_dealer_order_name" },
        { content: "PO shown", trigger: ".o_dealer_submission_result dd:contains('PO-TOUR-1')" },
    ],
});
