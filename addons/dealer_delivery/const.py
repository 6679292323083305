"""The dealer-facing fulfilment stages and how delivery events map onto them."""

ORDER_STAGES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("pending_approval", "Pending approval"),
    ("confirmed", "Confirmed"),
    ("processing", "Processing"),
    ("dispatched", "Dispatched"),
    ("out_for_delivery", "Out for delivery"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
SHIPMENT_STAGES = [s for s in ORDER_STAGES if s[0] not in ("draft", "submitted", "pending_approval")]
STAGE_RANK = {stage: rank for rank, (stage, _label) in enumerate(ORDER_STAGES)}
# Stages dealers are told about by email.
NOTIFIED_STAGES = ("dispatched", "out_for_delivery", "delivered")
IN_TRANSIT_STAGES = ("dispatched", "out_for_delivery")

EVENT_STAGES = [
    ("dispatched", "Picked up by carrier"),
    ("in_transit", "In transit"),
    ("out_for_delivery", "Out for delivery"),
    ("failed_attempt", "Delivery attempt failed"),
    ("delivered", "Delivered"),
    ("exception", "Exception"),
]
# The shipment stage each event proves; an exception proves nothing.
EVENT_TO_STAGE = {
    "dispatched": "dispatched",
    "in_transit": "dispatched",
    "out_for_delivery": "out_for_delivery",
    "failed_attempt": "out_for_delivery",
    "delivered": "delivered",
}


def rank(stage):
    return STAGE_RANK.get(stage or "", -1)
