from . import dealer_order_status_lookup
from . import dealer_portal_kpi
from . import dealer_rollout_wave
from . import res_partner
from . import sale_order
from . import website
from . import portal_wizard_user
