from . import test_outbox
from . import test_file_export
