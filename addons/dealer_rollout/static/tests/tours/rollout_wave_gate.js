/** @odoo-module **/

import { registry } from "@web/core/registry";

// A sales manager takes a wave live: the pricing audit of its dealers blocks,
// the dialog lists the finding, and the manager overrides with a reason.
registry.category("web_tour.tours").add("rollout_wave_gate_override", {
    steps: () => [
        {
            content: "Go live",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_go_live']",
            run: "click",
        },
        {
            content: "confirm opening ordering",
            trigger: ".modal:contains(invite their contacts) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "the gate lists the blocking finding",
            trigger: ".modal .o_field_widget[name='message']:contains(DC Untiered Dealer is a dealer without a tier.)",
        },
        {
            content: "the manager gives the reason of the override",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Untiered dealer orders by phone until March",
        },
        {
            trigger: ".modal .modal-footer button[name='action_override']",
            run: "click",
        },
        {
            content: "the wave is live",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(Live)",
        },
    ],
});
