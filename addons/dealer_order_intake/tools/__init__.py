from . import phone
from . import whatsapp
