import { registry } from "@web/core/registry";

// A rider calls the warehouse: the clerk records where the delivery is from
// the delivery order, and sees it in the shipment's tracking.
registry.category("web_tour.tours").add("dealer_delivery_manual_event", {
    steps: () => [
        {
            content: "Wait for the delivery order",
            trigger: ".o_form_view .o_form_sheet",
            timeout: 60000,
        },
        {
            content: "Open the event wizard from the validated delivery",
            trigger: ".o_form_view button[name='action_dealer_add_event']",
            run: "click",
        },
        {
            content: "Say where the rider is",
            trigger: ".modal div[name='location_text'] input",
            run: "edit Rider called: at the dealer's gate",
        },
        {
            content: "Add what the rider said",
            trigger: ".modal div[name='note'] textarea",
            run: "edit Unloading in 10 minutes",
        },
        {
            content: "Record the event",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Open the tracking tab",
            trigger: ".o_form_view:not(:has(.modal)) .o_notebook .nav-link:contains('Tracking')",
            run: "click",
        },
        {
            content: "The event is listed",
            trigger: ".o_field_widget[name='dealer_event_ids'] td:contains('Rider called: at the dealer')",
        },
        {
            content: "The shipment is out for delivery",
            trigger: ".o_field_widget[name='dealer_stage']:contains('Out for delivery')",
        },
    ],
});
