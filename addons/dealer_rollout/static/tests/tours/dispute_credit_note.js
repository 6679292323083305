/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dealer_dispute_credit_note", {
    url: "/my/dealer/disputes",
    steps: () => [
        {
            content: "the list shows the dispute accepted",
            trigger: ".o_dealer_disputes_rows tr:has(.o_dealer_dispute_state:contains('Accepted')) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the dispute's page shows the credit note and the answer",
            trigger: ".o_dealer_dispute_accepted .o_dealer_dispute_credited:contains('50.00')",
        },
        {
            trigger: ".o_dealer_dispute_accepted .o_dealer_dispute_credit_note_pdf[href*='report_type=pdf']",
        },
        {
            content: "open the credit note",
            trigger: ".o_dealer_dispute_accepted a.o_dealer_dispute_credit_note",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the credit note's portal page",
            trigger: ".o_portal_invoice_sidebar h2:contains('50.00')",
        },
    ],
});
