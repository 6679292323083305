from . import dealer_pricing_audit_export
