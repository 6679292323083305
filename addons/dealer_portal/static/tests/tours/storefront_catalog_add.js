/** @odoo-module **/

import { registry } from "@web/core/registry";

// Catalog "Add": the product goes in the cart without leaving the page.
registry.category("web_tour.tours").add("dealer_storefront_catalog_add", {
    url: "/my/catalog",
    steps: () => [
        {
            content: "three drills",
            trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] input.o_dealer_add_qty",
            run: "edit 3",
        },
        { trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_add_btn", run: "click" },
        {
            content: "confirmed on the row, the page stays",
            trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_added:not(.d-none)",
        },
        { content: "the cart badge follows", trigger: ".o_dealer_cart_qty:contains('3')" },
        {
            content: "bolts: the row offers the minimum, 20",
            trigger: ".o_dealer_catalog_item[data-sku='DC-BOLT'] input.o_dealer_add_qty:value(20)",
        },
        { trigger: ".o_dealer_catalog_item[data-sku='DC-BOLT'] .o_dealer_add_btn", run: "click" },
        { trigger: ".o_dealer_catalog_item[data-sku='DC-BOLT'] .o_dealer_added:not(.d-none)" },
        { content: "both in the cart", trigger: ".o_dealer_cart_qty:contains('23')" },
    ],
});
