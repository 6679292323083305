{
    "name": "Dealer Delivery",
    "summary": "Live stock availability for dealers and order fulfilment tracking to the dealer's door",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_pricing", "sale_stock", "stock_delivery"],
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_delivery_security.xml",
        "data/dealer_delivery_data.xml",
        "data/mail_template_data.xml",
        "views/dealer_delivery_event_views.xml",
        "views/dealer_carrier_account_views.xml",
        "views/stock_picking_views.xml",
        "views/sale_order_views.xml",
        "views/settings_views.xml",
        "views/dealer_config_views.xml",
        "views/dealer_delivery_menus.xml",
    ],
    "demo": [
        "demo/dealer_delivery_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_delivery/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
