"""The production profile's nginx config (config/nginx/odoo.conf), run on this
machine in front of a local Odoo: the same server block, with the upstreams
pointed at local ports and every path under a temporary prefix, so it needs
neither Docker nor root paths. Used by bench_portal_lighthouse.py (--nginx),
by the load test and by tests/test_deploy_config.py; ``accept_queue`` reads
the kernel's accept queue of a local port (the load test, and
tests/test_prefork_listen_queue.py).

    with ShippedNginx(http_port=8069, gevent_port=8072) as proxy:
        print(proxy.url)
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "config" / "nginx" / "odoo.conf"


def nginx_bin():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise RuntimeError("nginx was not found (Debian/Ubuntu: apt-get install nginx-light)")
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def accept_queue(port):
    """The accept queue length of the socket listening on 127.0.0.1 ``port``,
    as the kernel reports it (``ss``: a listening socket's Send-Q). Raises
    when ``ss`` fails or no single socket listens there."""
    out = subprocess.run(
        ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    lines = [line.split() for line in out.splitlines() if line.strip()]
    if len(lines) != 1:
        raise RuntimeError(f"expected one socket listening on port {port}, ss printed: {out!r}")
    return int(lines[0][2])


def render(prefix, listen_port, http_port, gevent_port=None):
    """Write ``prefix``/nginx.conf (a minimal main config including the shipped
    server block, its upstreams at 127.0.0.1) and return its path. Without a
    gevent port, /websocket goes to the HTTP port (Odoo without workers serves
    it there)."""
    prefix = Path(prefix)
    conf = NGINX_CONF.read_text()
    for shipped in ("prod-odoo:8069;", "prod-odoo:8072;", "listen 80;"):
        if shipped not in conf:
            raise ValueError(f"{NGINX_CONF} no longer has {shipped!r}")
    conf = (
        conf.replace("prod-odoo:8069;", f"127.0.0.1:{http_port};")
        .replace("prod-odoo:8072;", f"127.0.0.1:{gevent_port or http_port};")
        .replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    )
    (prefix / "odoo.conf").write_text(conf)
    (prefix / "logs").mkdir(exist_ok=True)
    # As root, the workers would run as "nobody", which may not enter a private temp dir.
    user = "user root;" if os.geteuid() == 0 else ""
    main = prefix / "nginx.conf"
    main.write_text(
        f"""{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/odoo.conf;
}}
"""
    )
    return main


def nginx_command(main_conf, *args):
    prefix = Path(main_conf).parent
    return [nginx_bin(), "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"), "-c", str(main_conf), *args]


class ShippedNginx:
    """nginx in the foreground with the shipped config, for the ``with`` block."""

    def __init__(self, http_port, gevent_port=None, listen_port=None):
        self.http_port = http_port
        self.gevent_port = gevent_port
        self.port = listen_port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.prefix = None
        self.process = None

    def __enter__(self):
        self.prefix = tempfile.mkdtemp(prefix="dealer_nginx_")
        main = render(self.prefix, self.port, self.http_port, self.gevent_port)
        self.process = subprocess.Popen(
            nginx_command(main, "-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.process.stderr.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"nginx did not listen on port {self.port}") from None
                time.sleep(0.05)

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.prefix:
            shutil.rmtree(self.prefix, ignore_errors=True)
