from . import res_company
from . import res_users
from . import res_partner
from . import res_config_settings
from . import sale_order
from . import mail_thread
from . import dealer_edi_order
from . import dealer_order_intake
