/** @odoo-module **/

import { registry } from "@web/core/registry";

// A special price request sends the order to approval.
registry.category("web_tour.tours").add("dealer_storefront_approval", {
    url: "/my/quick-order",
    steps: () => [
        { content: "add by SKU", trigger: "input.o_dealer_sku_input", run: "edit DC-DRILL" },
        { trigger: "input#dealer_sku_qty", run: "edit 10" },
        { trigger: ".o_dealer_sku_form button[type='submit']", run: "click", expectUnloadPage: true },
        { trigger: ".o_dealer_added_count" },
        { trigger: "a.o_dealer_go_cart", run: "click", expectUnloadPage: true },
        { content: "open the special price form", trigger: ".o_dealer_price_request summary", run: "click" },
        { trigger: ".o_dealer_price_request input[name='price']", run: "edit 130" },
        { trigger: ".o_dealer_price_request input[name='reason']", run: "edit Competitor quote at 128" },
        { trigger: ".o_dealer_price_request_btn", run: "click", expectUnloadPage: true },
        {
            content: "the line is marked, with the approval issue",
            trigger: ".o_dealer_price_requested:contains('Competitor quote at 128')",
        },
        { trigger: ".o_dealer_issue_price_nonstandard" },
        { content: "submit", trigger: ".o_dealer_submit_btn", run: "click", expectUnloadPage: true },
        { content: "pending approval, with the reason", trigger: ".o_dealer_pending .o_dealer_approval_reason:contains('130.00')" },
    ],
});
