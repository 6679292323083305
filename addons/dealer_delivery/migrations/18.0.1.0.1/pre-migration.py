"""The demo opening stock moved from dealer_pricing's demo to this addon's. A
database whose demo was loaded before keeps its quants: their xml ids follow
them, instead of a second count being recorded for every product."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_model_data SET module = 'dealer_delivery' "
        "WHERE module = 'dealer_pricing' AND model = 'stock.quant' AND name LIKE %s",
        ("quant\\_%\\_demo",),
    )
