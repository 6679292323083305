from . import mixins
from . import portal
from . import shop
from . import quick_order
from . import users
from . import price_routes
from . import division
