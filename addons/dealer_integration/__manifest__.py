{
    "name": "Dealer Integration",
    "summary": "Connect dealers' and the manufacturer's other systems: a versioned dealer API with per-key rate "
    "limits, EDI (UBL) orders posted with an API key",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    # dealer_portal: the dealer roles, catalog, documents and cart helpers the
    # API reuses; dealer_order_intake: the EDI (UBL) order intake.
    "depends": ["dealer_delivery", "account", "dealer_portal", "dealer_order_intake"],
    "data": [
        "security/ir.model.access.csv",
        "data/dealer_api_data.xml",
        "views/res_partner_api_views.xml",
    ],
    "installable": True,
}
