from odoo import models

from ..tools import check_price_field_access, price_safe_fetch_records

# Non-monetary fields of an order line that still show its price.
ORDER_LINE_PRICE_FIELDS = ("technical_price_unit", "dealer_price_request_reason")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------------
    # Hooks: a dealer role that sees no prices reads none, over any route
    # ------------------------------------------------------------------
    def check_field_access_rights(self, operation, field_names):
        allowed = super().check_field_access_rights(operation, field_names)
        return check_price_field_access(self, operation, field_names, allowed, ORDER_LINE_PRICE_FIELDS)

    def _fetch_field(self, field):
        records = price_safe_fetch_records(self, field, ORDER_LINE_PRICE_FIELDS)
        return super(SaleOrderLine, records)._fetch_field(field)
