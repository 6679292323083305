from . import test_outbox
from . import test_api
from . import test_api_edi
from . import test_api_queries
from . import test_outbox_corrections
from . import test_outbox_disputes
from . import test_file_export
from . import test_api_divisions
