/** @odoo-module **/

import { registry } from "@web/core/registry";

async function download(anchor) {
    const response = await fetch(anchor.href);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.includes("pdf")) {
        throw new Error(`Download of ${anchor.href} failed: ${response.status} ${type}`);
    }
    const body = await response.text();
    if (!body.length) {
        throw new Error(`Download of ${anchor.href} is empty`);
    }
    anchor.classList.add("o_dealer_downloaded");
}

registry.category("web_tour.tours").add("selfservice_documents", {
    url: "/my/documents",
    steps: () => [
        {
            content: "open the invoices tab",
            trigger: ".o_dealer_doc_tabs a[data-doc-type='invoice']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the invoice shows its order and payment state",
            trigger: ".o_dealer_documents_rows tr:has(a[href*='/my/orders/']) .o_dealer_payment_state",
        },
        {
            content: "download the invoice PDF",
            trigger: ".o_dealer_documents_rows tr:has(a[href*='/my/orders/']) .o_dealer_doc_pdf",
            async run(helpers) {
                await download(helpers.anchor);
            },
        },
        {
            trigger: ".o_dealer_doc_pdf.o_dealer_downloaded",
        },
        {
            content: "open the delivery notes tab",
            trigger: ".o_dealer_doc_tabs a[data-doc-type='delivery']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "download the delivery note PDF",
            trigger: ".o_dealer_documents_rows tr:has(a[href*='/track']) .o_dealer_doc_pdf",
            async run(helpers) {
                await download(helpers.anchor);
            },
        },
        {
            trigger: ".o_dealer_doc_pdf.o_dealer_downloaded",
        },
    ],
});
