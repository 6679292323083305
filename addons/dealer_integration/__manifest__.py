{
    "name": "Dealer Integration",
    "summary": "Connects the dealer order flow to the dealers' and partners' systems: "
    "signed outbound events, file exports, EDI and an order API",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_delivery", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_integration_security.xml",
        "data/dealer_integration_data.xml",
        "data/dealer_integration_event_type_data.xml",
        "views/dealer_integration_endpoint_views.xml",
        "views/dealer_integration_event_views.xml",
        "views/sale_order_views.xml",
        "views/dealer_integration_menus.xml",
    ],
    "installable": True,
}
