{
    "name": "Dealer Integration",
    "summary": "Connects the dealer order flow to the dealers' and the manufacturer's other systems: "
    "signed outbound events, file exports, EDI and a dealer order API",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Dealer Commerce contributors",
    "website": "https://github.com/dealer-commerce/dealer-commerce",
    "license": "LGPL-3",
    # dealer_portal: the dealer roles, catalog, documents and cart helpers the
    # API reuses; dealer_order_intake: the EDI (UBL) order intake;
    # dealer_rollout (installed with the portal anyway): the pricing disputes.
    # sale_edi_ubl: Odoo's UBL order format, which the file export writes.
    "depends": [
        "dealer_delivery",
        "account",
        "sale_edi_ubl",
        "dealer_portal",
        "dealer_order_intake",
        "dealer_rollout",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_integration_security.xml",
        "security/dealer_integration_export_security.xml",
        "data/dealer_integration_data.xml",
        "data/dealer_integration_event_type_data.xml",
        "data/dealer_api_data.xml",
        "views/dealer_integration_endpoint_views.xml",
        "views/dealer_integration_event_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_api_views.xml",
        "data/dealer_integration_export_data.xml",
        "views/dealer_integration_export_views.xml",
        "views/dealer_integration_menus.xml",
    ],
    "installable": True,
}
