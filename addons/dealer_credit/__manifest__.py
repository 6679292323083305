{
    "name": "Dealer Credit",
    "summary": "Dealer credit exposure, credit hold and approval routing of dealer orders",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_pricing", "account", "mail"],
    "data": [
        "security/dealer_credit_security.xml",
        "security/ir.model.access.csv",
        "data/dealer_credit_data.xml",
        "views/dealer_approval_rule_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/dealer_tier_views.xml",
        "views/res_config_settings_views.xml",
        "views/dealer_credit_overview_views.xml",
        "report/dealer_statement_report.xml",
        "wizards/dealer_order_reject_wizard_views.xml",
        "views/dealer_credit_menus.xml",
    ],
    "demo": [
        "demo/dealer_credit_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_credit/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
