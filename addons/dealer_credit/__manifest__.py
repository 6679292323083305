{
    "name": "Dealer Credit",
    "summary": "Dealer credit exposure, credit hold and approval routing of dealer orders",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_pricing", "account"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "installable": True,
}
