from . import brand
