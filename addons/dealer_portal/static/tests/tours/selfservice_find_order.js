/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test: dealer A ordered cordless drills (DC-DRILL),
// delivered, with delivery events and a proof of delivery.
registry.category("web_tour.tours").add("selfservice_find_order", {
    url: "/my/dealer/orders",
    steps: () => [
        {
            content: "open the search-field menu",
            trigger: ".o_portal_search_panel .dropdown-toggle",
            run: "click",
        },
        {
            content: "search in products",
            trigger: ".o_portal_search_panel .dropdown-item[href='#product']",
            run: "click",
        },
        {
            content: "type the product SKU",
            trigger: ".o_portal_search_panel input[name='search']",
            run: "edit DC-DRILL",
        },
        {
            content: "search",
            trigger: ".o_portal_search_panel button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "only the drill order is listed",
            trigger: ".o_dealer_history_rows:not(:has(td:contains(PO-ALPHA-200))) tr:contains(PO-ALPHA-100)",
        },
        {
            content: "open the order",
            trigger: ".o_dealer_history_rows tr:contains(PO-ALPHA-100) td:first-child a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "the timeline shows the order delivered",
            trigger: ".o_dealer_timeline .o_dealer_timeline_delivered.o_done",
        },
        {
            content: "the shipment shows the delivery events and the proof",
            trigger: ".o_dealer_shipment .o_dealer_event:contains(Signed by J. Martin) .o_dealer_proof img",
        },
        {
            content: "the rider's last location links to the map",
            trigger: ".o_dealer_shipment a.o_dealer_last_location[href*='openstreetmap.org']",
        },
    ],
});
