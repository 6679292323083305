from . import dealer_api
from . import dealer_api_rate
from . import res_partner_api
from . import res_users_api
from . import res_users_apikeys_description
from . import sale_order_api
