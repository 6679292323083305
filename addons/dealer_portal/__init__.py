from . import models
from . import controllers
from .tools.listen_queue import lengthen_listen_queue


def post_load():
    """Odoo's server-wide hook, run once per process when the module is
    imported: size the prefork server's accept queue (tools/listen_queue.py)."""
    lengthen_listen_queue()
