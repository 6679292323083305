/** @odoo-module **/

import { registry } from "@web/core/registry";

// A dealer of a planned wave: signs in, browses its catalog and prices, and
// is told when ordering opens, with nothing to add or submit.
registry.category("web_tour.tours").add("rollout_ordering_closed", {
    url: "/my/catalog",
    steps: () => [
        {
            content: "the catalog says when ordering opens",
            trigger: ".o_dealer_catalog .o_dealer_ordering_closed:contains(Ordering on the portal opens on)",
        },
        {
            content: "products and prices are shown",
            trigger: ".o_dealer_catalog:contains(DC Cordless Drill)",
        },
        {
            content: "no Add button",
            trigger: ".o_dealer_catalog:not(:has(.o_dealer_add_btn))",
        },
        {
            content: "open quick order",
            trigger: "a[href='/my/quick-order']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "quick order says it too, with no entry form",
            trigger: ".o_dealer_quick_order:not(:has(.o_dealer_sku_form)) .o_dealer_ordering_closed",
        },
        {
            content: "the cart says it too",
            trigger: "a.o_dealer_go_cart",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "no submission form on the cart",
            trigger: "body:not(:has(.o_dealer_submit_form)) .o_dealer_ordering_closed",
        },
    ],
});
