from . import portal
from . import documents
from . import account_page
from . import shop
from . import quick_order
from . import users
from . import price_routes
