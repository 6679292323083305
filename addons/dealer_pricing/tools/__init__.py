from . import format
from . import quantity
from . import compare
