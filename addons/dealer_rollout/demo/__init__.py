from . import dealer_price_dispute_demo
from . import dealer_rollout_demo
