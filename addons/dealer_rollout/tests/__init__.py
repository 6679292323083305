from . import test_portal_kpi
from . import test_status_lookup
from . import test_status_query
