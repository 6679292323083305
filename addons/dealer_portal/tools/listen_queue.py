"""The accept queue of Odoo's prefork server, sized for a dealer portal.

In prefork mode (``workers`` > 0) Odoo's master listens with a queue of 8
connections per HTTP worker: 32 with 4 workers. Every request nginx passes on
is a new connection, so when more requests are waiting than that, say a
hundred dealers at opening time or a carrier posting a batch of events, the
kernel drops the extra connection attempts. The client retries after 1 s,
then 3 s, then 7 s: a page that needed 0.3 s takes 1.3 s or 4.3 s, and past
nginx's ``proxy_connect_timeout`` (10 s) the request fails with a 504.

A longer queue keeps those requests waiting in order for the next free worker
instead. This hook sets it on the running server's socket (``listen()`` on a
listening socket only changes its queue length): in the master when the
database is preloaded (``db_name`` or ``-d``), otherwise in each worker as it
loads the module, the socket being the one the master shares with them. The
kernel caps the length at ``net.core.somaxconn``.

The length is ``dealer_listen_backlog`` in the ``[options]`` of Odoo's config
file, 511 (nginx's own default) when not set, never less than Odoo's own.
"""

import logging

from odoo.service import server as odoo_server
from odoo.tools import config

_logger = logging.getLogger(__name__)

DEFAULT_LISTEN_BACKLOG = 511


def listen_backlog(population):
    """The queue length for a prefork server of ``population`` HTTP workers."""
    value = config.get("dealer_listen_backlog") or DEFAULT_LISTEN_BACKLOG
    try:
        value = int(value)
    except (TypeError, ValueError):
        _logger.warning("dealer_listen_backlog = %r is not a number; using %s", value, DEFAULT_LISTEN_BACKLOG)
        value = DEFAULT_LISTEN_BACKLOG
    return max(value, 8 * population)


def lengthen_listen_queue(server=None):
    """Lengthen the accept queue of ``server`` (the running Odoo server by
    default) when it is a prefork server listening for HTTP. Returns the new
    length, or None when there is nothing to change."""
    server = server if server is not None else odoo_server.server
    if not isinstance(server, odoo_server.PreforkServer) or server.socket is None:
        return None
    backlog = listen_backlog(server.population)
    server.socket.listen(backlog)
    _logger.info("HTTP accept queue: %s connections (Odoo's own: %s)", backlog, 8 * server.population)
    return backlog
