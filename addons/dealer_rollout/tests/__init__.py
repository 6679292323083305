from . import test_portal_kpi
from . import test_price_dispute
from . import test_price_dispute_http
from . import test_status_lookup
