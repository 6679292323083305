/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("selfservice_account", {
    url: "/my",
    steps: () => [
        {
            content: "the home shows the available-credit tile",
            trigger: ".o_dealer_tile_available_credit [data-placeholder_count='dealer_available_credit']",
        },
        {
            content: "open the account page",
            trigger: "a[href='/my/dealer/account'][title='Account & Credit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "credit figures",
            trigger: ".o_dealer_credit_cards .o_dealer_available",
        },
        {
            content: "ageing buckets",
            trigger: ".o_dealer_ageing .o_dealer_ageing_90_plus",
        },
        {
            content: "payment history",
            trigger: ".o_dealer_payments tr",
        },
        {
            content: "the Gold scheme with its end date",
            trigger: ".o_dealer_active_pricing .o_dealer_scheme:contains(DC Saw Spring Deal)",
        },
        {
            content: "the statement form",
            trigger: ".o_dealer_statement_form input[name='date_from']",
        },
    ],
});
