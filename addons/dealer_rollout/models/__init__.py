from . import dealer_order_status_lookup
from . import dealer_portal_kpi
