from . import dealer_order_status_lookup
from . import dealer_portal_kpi
from . import dealer_price_dispute
from . import res_company
from . import res_config_settings
