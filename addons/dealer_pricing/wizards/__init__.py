from . import dealer_pricing_audit_export
from . import dealer_order_submit_wizard
