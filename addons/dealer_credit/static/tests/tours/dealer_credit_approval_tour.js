import { registry } from "@web/core/registry";

// A sales manager approves a dealer order from Sales > Orders > To Approve.
registry.category("web_tour.tours").add("dealer_credit_approval_tour", {
    url: "/odoo/action-dealer_credit.sale_order_dealer_approval_action",
    steps: () => [
        {
            content: "The order waiting for my approval is listed with its reason",
            trigger: ".o_data_row:contains('Tour Credit Dealer'):contains('Tour rule above 1,000')",
            // The first step also waits for the web client to load its assets.
            timeout: 60000,
        },
        {
            content: "Open it",
            trigger: ".o_data_row:contains('Tour Credit Dealer') td[name='partner_id']",
            run: "click",
        },
        {
            content: "The banner says why it waits",
            trigger: ".alert-info:contains('Waiting for approval'):contains('approved before confirmation')",
        },
        {
            content: "Approve",
            trigger: ".o_form_statusbar button[name='action_dealer_approve']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "and marked approved",
            trigger: ".o_field_widget[name='dealer_approval_state'] .badge:contains('Approved')",
        },
    ],
});
