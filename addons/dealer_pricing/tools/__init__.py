from . import format
