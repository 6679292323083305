{
    "name": "Dealer Pricing",
    "summary": "Dealer tiers, assortments, tier/agreement/scheme prices, quantity rules, "
    "a pricing audit and the order-check pipeline shared by every ordering channel",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["sale"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/dealer_pricing_security.xml",
        "security/ir.model.access.csv",
        "security/dealer_pricing_audit_security.xml",
        "data/dealer_pricing_data.xml",
        "views/dealer_tier_views.xml",
        "views/dealer_quantity_rule_views.xml",
        "views/dealer_price_agreement_views.xml",
        "views/dealer_scheme_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/dealer_order_attempt_views.xml",
        "views/dealer_pricing_audit_views.xml",
        "views/dealer_pricing_menus.xml",
        "wizards/dealer_order_submit_wizard_views.xml",
    ],
    "demo": [
        "demo/dealer_pricing_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_pricing/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
