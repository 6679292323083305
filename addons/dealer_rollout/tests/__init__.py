from . import test_portal_kpi
from . import test_price_dispute
from . import test_price_dispute_http
from . import test_status_lookup
from . import test_rollout_wave
from . import test_rollout_ordering
from . import test_rollout_http
from . import test_status_query
