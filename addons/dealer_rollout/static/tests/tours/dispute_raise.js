/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dealer_dispute_raise", {
    steps: () => [
        {
            content: "the invoice page offers to dispute a price",
            trigger: ".o_dealer_dispute_form select[name='line_id']:has(option)",
        },
        {
            content: "a price above the one charged is refused",
            trigger: ".o_dealer_dispute_form input[name='expected_price']",
            run: "edit 99999",
        },
        {
            trigger: ".o_dealer_dispute_form textarea[name='reason']",
            run: "edit Our agreement for the drill is 140.00",
        },
        {
            trigger: ".o_dealer_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the page says why, and nothing was raised",
            trigger: ".o_dealer_dispute_error:contains('lower than the price charged')",
        },
        {
            content: "enter the agreed price",
            trigger: ".o_dealer_dispute_form input[name='expected_price']",
            run: "edit 140",
        },
        {
            trigger: ".o_dealer_dispute_form textarea[name='reason']",
            run: "edit Our agreement for the drill is 140.00",
        },
        {
            trigger: ".o_dealer_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the dispute's page shows it open",
            trigger: ".o_dealer_dispute_page .o_dealer_dispute_state[data-state='open']",
        },
        {
            trigger: ".o_dealer_dispute_reason:contains('Our agreement for the drill')",
        },
    ],
});
