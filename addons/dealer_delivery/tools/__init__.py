from . import event_payload
