from . import models
from . import wizards
from . import controllers
from . import demo
from . import report
