{
    "name": "Dealer Order Intake",
    "summary": "Dealer orders by email and WhatsApp, checked and submitted like portal orders",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_portal", "mail"],
    "external_dependencies": {"python": ["phonenumbers", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_order_intake_security.xml",
        "views/dealer_order_intake_views.xml",
        "views/dealer_order_intake_templates.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/users_templates.xml",
        "views/res_config_settings_views.xml",
        "data/dealer_intake_data.xml",
        "data/dealer_intake_cron.xml",
    ],
    "demo": [
        "demo/dealer_order_intake_demo.xml",
    ],
    # Databases that had the intake inside dealer_portal keep it after the upgrade.
    "auto_install": True,
    "installable": True,
}
