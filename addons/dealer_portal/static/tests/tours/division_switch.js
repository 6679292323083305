/** @odoo-module **/

import { registry } from "@web/core/registry";

// Tours keep their state per origin: the switch from one division's domain
// to the other's is two tours, run in one browser (see test_divisions_tour.py).

// On Apex's domain: sign in with the password, see Apex's price, switch to Voltline.
registry.category("web_tour.tours").add("dealer_division_switch_sign_in", {
    url: "/web/login?redirect=/my/catalog",
    steps: () => [
        { content: "login", trigger: "input#login", run: "edit dc_a_desk" },
        { content: "password", trigger: "input#password", run: "edit dc_a_desk" },
        { content: "sign in", trigger: "button:contains('Log in')", run: "click", expectUnloadPage: true },
        {
            content: "Apex's price of the drill",
            trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_price:contains('150.00')",
        },
        {
            content: "the switcher shows the current division",
            trigger: ".o_dealer_division_switcher .o_dealer_division_name:contains('DC Apex Brakes')",
        },
        { content: "open the switcher", trigger: ".o_dealer_division_switcher > a", run: "click" },
        {
            content: "only the divisions the company trades with",
            trigger: ".o_dealer_division_menu:not(:has(button:contains('DC Orphan Brand')))",
        },
        {
            content: "switch to Voltline",
            trigger: ".o_dealer_division_menu button.o_dealer_division_switch:contains('DC Voltline')",
            run: "click",
            expectUnloadPage: true,
        },
    ],
});

// On Voltline's domain, right after the switch: signed in without a password,
// Voltline's price, add the drill, submit.
registry.category("web_tour.tours").add("dealer_division_switch_order", {
    url: "/my/catalog",
    steps: () => [
        {
            content: "signed in on Voltline: the switcher shows it, no login form",
            trigger: "body:not(:has(input#password)) .o_dealer_division_switcher .o_dealer_division_name:contains('DC Voltline')",
        },
        {
            content: "Voltline's price of the same drill",
            trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_price:contains('180.00')",
        },
        {
            content: "two drills",
            trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] input.o_dealer_add_qty",
            run: "edit 2",
        },
        { trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_add_btn", run: "click" },
        { trigger: ".o_dealer_catalog_item[data-sku='DC-DRILL'] .o_dealer_added:not(.d-none)" },
        { content: "go to the cart", trigger: "a.o_dealer_go_cart", run: "click", expectUnloadPage: true },
        { content: "PO reference", trigger: "input#dealer_po_ref", run: "edit PO-VOLT-1" },
        { content: "submit", trigger: ".o_dealer_submit_btn", run: "click", expectUnloadPage: true },
        { content: "confirmed", trigger: ".o_dealer_confirmed .o_dealer_order_name" },
        {
            content: "done on Voltline",
            trigger: ".o_dealer_submission_result",
            run() {
                console.log("dealer division switch: submitted on Voltline");
            },
        },
    ],
});
