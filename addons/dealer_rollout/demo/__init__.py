from . import dealer_price_dispute_demo
