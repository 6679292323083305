from . import dealer_pricing_audit_export
from . import dealer_order_submit_wizard
from . import sale_make_invoice_advance
from . import dealer_price_sheet_import
