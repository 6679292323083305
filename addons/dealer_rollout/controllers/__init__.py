from . import portal
from . import dispute
