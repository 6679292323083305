from . import phone
from . import whatsapp
from . import status
from . import ubl
from . import division_line
