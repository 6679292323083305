from . import dealer_rollout_wave
from . import dealer_terms
from . import res_partner
from . import res_company
from . import res_config_settings
from . import sale_order
from . import website
from . import portal_wizard_user
from . import dealer_order_intake
from . import dealer_order_status_lookup
from . import dealer_status_query
from . import dealer_price_dispute

# Last: its view reads the tables and columns of the models above.
from . import dealer_portal_kpi
