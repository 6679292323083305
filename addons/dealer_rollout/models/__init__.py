from . import dealer_order_status_lookup
from . import dealer_order_intake
from . import dealer_portal_kpi
from . import dealer_status_query
from . import res_partner
from . import sale_order
