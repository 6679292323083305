from . import test_credit_position
from . import test_credit_check
from . import test_approval
from . import test_approval_access
from . import test_concurrency
from . import test_portal_data
from . import test_approval_ui
from . import test_approval_bypass
