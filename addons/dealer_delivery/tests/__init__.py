from . import test_availability
from . import test_backorder_policy
from . import test_stage
from . import test_notifications
from . import test_webhook
from . import test_polling
from . import test_security
from . import test_tour
