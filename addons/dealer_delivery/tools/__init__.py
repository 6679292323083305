from . import event_payload
from . import stage_columns
from . import signature
