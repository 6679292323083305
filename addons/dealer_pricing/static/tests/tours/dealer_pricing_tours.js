import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dealer_pricing_tier_tour", {
    url: "/odoo/action-dealer_pricing.dealer_tier_action",
    steps: () => [
        {
            content: "Open the Gold tier",
            trigger: ".o_list_view .o_data_row td:contains('DCGOLD')",
            run: "click",
        },
        {
            content: "The tier shows its dealers and the size of its catalog",
            trigger: ".o_form_view .oe_stat_button:contains('Dealers') .o_stat_value:contains('2')",
        },
        {
            trigger: ".o_form_view .oe_stat_button:contains('Products') .o_stat_value:contains('4')",
        },
        {
            content: "Quantity rules of the tier",
            trigger: ".o_notebook .nav-link:contains('Quantity Rules')",
            run: "click",
        },
        {
            trigger: ".o_field_one2many[name='quantity_rule_ids'] .o_data_row:contains('Brake pad')",
        },
        {
            content: "Open the tier's catalog",
            trigger: ".o_form_view .oe_stat_button:contains('Products')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Seat cover')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Gear oil')))",
        },
    ],
});

registry.category("web_tour.tours").add("dealer_pricing_partner_tour", {
    steps: () => [
        {
            content: "Open the dealer page of the partner form",
            trigger: ".o_notebook .nav-link:contains('Dealer')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='dealer_tier_id'] input:value(Gold)",
        },
        {
            trigger: ".o_field_widget[name='dealer_pricelist_id']:contains('DC Gold prices')",
        },
        {
            trigger: ".o_field_widget[name='dealer_assortment_count']:contains('4')",
        },
        {
            content: "The catalog button opens the dealer's products",
            trigger: ".oe_stat_button[name='action_view_dealer_assortment']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Brake disc')",
        },
    ],
});
