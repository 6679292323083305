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
    ],
    "installable": True,
}
