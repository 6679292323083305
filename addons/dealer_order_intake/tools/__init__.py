from . import phone
from . import whatsapp
from . import ubl
