{
    "name": "Dealer Portal",
    "summary": "Dealer ordering portal: tier catalog, quick order, validated submission, tracking, documents and account",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    "depends": ["dealer_pricing", "dealer_credit", "dealer_delivery", "website_sale", "website_sale_stock"],
    "data": [
        "security/dealer_portal_groups.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "installable": True,
}
