from . import whatsapp
from . import users
