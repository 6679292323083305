{
    "name": "Dealer Roll-out",
    "summary": "What the manufacturer measures while it rolls out the dealer portal: "
    "roll-out KPIs and the dealers' order status look-ups",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_rollout_security.xml",
        "data/ir_cron_data.xml",
        "views/dealer_portal_kpi_views.xml",
        "views/dealer_order_status_lookup_views.xml",
        "views/dealer_rollout_menus.xml",
        "report/report_rollout_summary.xml",
    ],
    "installable": True,
    # A database that has the portal had these figures inside it: it keeps them.
    "auto_install": True,
}
