{
    "name": "Dealer Roll-out",
    "summary": "Roll the dealer portal out wave by wave behind the pricing audit, and measure it: "
    "portal share, status queries, corrections, pricing disputes, time to confirmation",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_portal", "dealer_order_intake"],
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_rollout_security.xml",
        "data/dealer_price_dispute_data.xml",
        "data/ir_cron_data.xml",
        "views/dealer_portal_kpi_views.xml",
        "views/dealer_order_status_lookup_views.xml",
        "data/mail_template_data.xml",
        "views/dealer_rollout_wave_views.xml",
        "views/ordering_templates.xml",
        "views/dealer_status_query_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/dealer_price_dispute_views.xml",
        "views/dealer_price_dispute_templates.xml",
        "views/dealer_rollout_menus.xml",
        "report/report_rollout_summary.xml",
    ],
    "demo": [
        "demo/dealer_price_dispute_demo.xml",
        "demo/dealer_rollout_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_rollout/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    # A database that has the portal had these figures inside it: it keeps them.
    "auto_install": True,
}
