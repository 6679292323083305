from . import whatsapp
from . import confirm
from . import users
from . import edi
