from . import portal
from . import ordering
from . import dispute
