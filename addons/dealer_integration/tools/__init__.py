from . import dealer_api
