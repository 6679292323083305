"""The demo users that only mean something with a dealer role (warehouse,
finance) moved from dealer_pricing's demo to this addon's. A database whose
demo was loaded before keeps its users: their xml ids follow them, instead of
a second user being created with the same login."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_model_data SET module = 'dealer_portal' "
        "WHERE module = 'dealer_pricing' AND model = 'res.users' AND name IN %s",
        (("user_warehouse_demo", "user_finance_demo"),),
    )
