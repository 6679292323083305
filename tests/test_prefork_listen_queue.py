"""Odoo in prefork mode, as the production profile runs it, with the dealer
addons installed: its HTTP accept queue is the one dealer_portal sets
(addons/dealer_portal/tools/listen_queue.py), not Odoo's 8 per worker. A real
Odoo process on the test database; the queue length is read from the kernel
with `ss` (a listening socket's Send-Q)."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import odoo
from odoo.tools import config

from bench import shipped_proxy


def _wait_health(url, process, logfile, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"Odoo stopped:\n{logfile.read_text(errors='replace')[-4000:]}"
        try:
            with urllib.request.urlopen(url, timeout=5) as res:
                if res.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"Odoo did not answer on {url}:\n{logfile.read_text(errors='replace')[-4000:]}")


def test_prefork_server_listens_with_the_configured_queue(tmp_path):
    """Two HTTP workers: Odoo alone would queue 16 connections. With
    `dealer_listen_backlog = 300` in the config file, the master's socket
    queues 300 once the database (and so dealer_portal) is loaded."""
    http_port, gevent_port = shipped_proxy.free_port(), shipped_proxy.free_port()
    conf = tmp_path / "odoo.conf"
    conf.write_text(Path(config.rcfile).read_text() + "\ndealer_listen_backlog = 300\n")
    logfile = tmp_path / "odoo.log"
    db = config["db_name"]
    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    cmd = [sys.executable, str(odoo_bin), "-c", str(conf), "-d", db, "--db-filter", f"^{db}$"]
    cmd += ["--workers", "2", "--max-cron-threads", "0", "--http-interface", "127.0.0.1"]
    cmd += ["--http-port", str(http_port), "--gevent-port", str(gevent_port), "--logfile", str(logfile)]
    process = subprocess.Popen(cmd, start_new_session=True)
    try:
        _wait_health(f"http://127.0.0.1:{http_port}/web/health", process, logfile)
        assert shipped_proxy.accept_queue(http_port) == 300
        assert "HTTP accept queue: 300 connections (Odoo's own: 16)" in logfile.read_text(errors="replace")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
