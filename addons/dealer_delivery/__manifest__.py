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
    ],
    "demo": [],
    "installable": True,
}
