from . import dealer_integration_event_type
from . import dealer_integration_endpoint
from . import dealer_integration_event
from . import sale_order
from . import stock_picking
from . import account_move
from . import dealer_integration_export
from . import sale_order_export
