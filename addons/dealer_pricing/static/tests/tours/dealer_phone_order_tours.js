import { registry } from "@web/core/registry";

/**
 * Back-office phone orders go through the one door: the quotation of a
 * dealer has a Submit button and no native Confirm until it was submitted.
 */
function openPhoneQuotationAndSubmit() {
    return [
        {
            content: "A dealer quotation offers Submit, not the native Confirm",
            trigger:
                ".o_form_view .o_statusbar_buttons:has(button[name='action_dealer_submit_backoffice'])" +
                ":not(:has(button[name='action_confirm']))",
        },
        {
            content: "The order was taken on the phone",
            trigger: ".o_form_view .o_field_widget[name='dealer_channel'] select",
            run: 'select "phone"',
        },
        {
            trigger: ".o_form_view .o_field_widget[name='dealer_channel'] select:has(option:selected:contains('Phone'))",
        },
        {
            content: "Submit the order through the checks",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_dealer_submit_backoffice']",
            run: "click",
        },
    ];
}

function blockedSubmissionShowsEachIssue() {
    return [
        {
            content: "The wizard lists each issue with its hint",
            trigger: ".modal .o_field_widget[name='issues_html'] li:contains('Gear oil GO-5 is not in your catalog.')",
        },
        {
            trigger:
                ".modal .o_field_widget[name='issues_html'] li:contains('Remove this line, or ask your account manager to add the product.')",
        },
        {
            trigger: ".modal .o_field_widget[name='issues_html'] li:contains('minimum order is 10 units, you entered 4.')",
        },
        {
            trigger: ".modal .o_field_widget[name='issues_html'] li:contains('Order at least 10 units.')",
        },
    ];
}

registry.category("web_tour.tours").add("dealer_pricing_phone_order_blocked_tour", {
    steps: () => [
        ...openPhoneQuotationAndSubmit(),
        ...blockedSubmissionShowsEachIssue(),
        {
            content: "A salesperson may not override the checks",
            trigger:
                ".modal:has(.o_field_widget[name='issues_html'] li)" +
                ":not(:has(button[name='action_override'])):not(:has(.o_field_widget[name='override_reason']))",
        },
        {
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "The order stays a quotation, still to be submitted",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains('Quotation')",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_buttons:has(button[name='action_dealer_submit_backoffice'])" +
                ":not(:has(button[name='action_confirm']))",
        },
        {
            content: "The blocked attempt is counted on the order",
            trigger: ".o_form_view .oe_stat_button[name='action_view_dealer_attempts'] .o_stat_value:contains('1')",
        },
    ],
});

registry.category("web_tour.tours").add("dealer_pricing_phone_order_override_tour", {
    steps: () => [
        ...openPhoneQuotationAndSubmit(),
        ...blockedSubmissionShowsEachIssue(),
        {
            content: "A sales manager gives the reason of the override",
            trigger: ".modal .o_field_widget[name='override_reason'] textarea",
            run: "edit Agreed with the dealer by phone: trial order",
        },
        {
            trigger: ".modal .modal-footer button[name='action_override']",
            run: "click",
        },
        {
            content: "The order is a sales order",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
        {
            trigger: ".o_notification:contains('was submitted, overriding the checks')",
        },
    ],
});

registry.category("web_tour.tours").add("dealer_pricing_phone_order_clean_tour", {
    steps: () => [
        ...openPhoneQuotationAndSubmit(),
        {
            content: "Nothing blocks the order: it is confirmed at once",
            trigger: ".o_notification:contains('was submitted and confirmed')",
        },
        {
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_dealer_submit_backoffice']))",
        },
    ],
});
