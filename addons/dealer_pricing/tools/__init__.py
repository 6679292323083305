from . import format
from . import quantity
