from . import dealer_delivery_demo
