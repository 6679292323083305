"""The accept-queue length dealer_portal gives Odoo's prefork server
(tools/listen_queue.py), on a real PreforkServer object and a real listening
socket; tests/test_prefork_listen_queue.py runs Odoo itself in prefork mode."""

import socket
import subprocess

from odoo.service.server import PreforkServer, ThreadedServer
from odoo.tests import BaseCase, tagged
from odoo.tools import config

from odoo.addons.dealer_portal.tools.listen_queue import (
    DEFAULT_LISTEN_BACKLOG,
    lengthen_listen_queue,
    listen_backlog,
)


@tagged("post_install", "-at_install")
class TestListenQueue(BaseCase):
    def _option(self, value):
        self.patch(config, "options", dict(config.options, dealer_listen_backlog=value))

    def test_default_and_configured_lengths(self):
        self._option(None)
        self.assertEqual(listen_backlog(4), DEFAULT_LISTEN_BACKLOG)
        self._option("2048")
        self.assertEqual(listen_backlog(4), 2048)

    def test_never_shorter_than_odoos_own(self):
        self._option("10")
        self.assertEqual(listen_backlog(4), 32)

    def test_a_value_that_is_not_a_number_falls_back_to_the_default(self):
        self._option("lots")
        with self.assertLogs("odoo.addons.dealer_portal.tools.listen_queue", "WARNING") as logs:
            self.assertEqual(listen_backlog(4), DEFAULT_LISTEN_BACKLOG)
        self.assertIn("'lots' is not a number", logs.output[0])

    def test_the_running_prefork_socket_is_relistened(self):
        self._option("300")
        server = PreforkServer(None)
        server.population = 4
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            sock.listen(8 * server.population)
            server.socket = sock
            self.assertEqual(lengthen_listen_queue(server), 300)
            port = sock.getsockname()[1]
            out = subprocess.run(
                ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True, timeout=30
            ).stdout
            self.assertEqual(int(out.split()[2]), 300)

    def test_other_servers_are_left_alone(self):
        self.assertIsNone(lengthen_listen_queue(ThreadedServer(None)))
        self.assertIsNone(lengthen_listen_queue(PreforkServer(None)))  # not listening (http disabled)
