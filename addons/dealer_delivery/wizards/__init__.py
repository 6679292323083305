from . import dealer_delivery_event_wizard
