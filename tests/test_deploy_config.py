"""The shipped deployment files, checked without Docker or Odoo: the nginx
config passes `nginx -t`, and docker-compose.yml has the two profiles, the
healthchecks, volumes and environment the production profile relies on, with
no secret in the repository."""

import configparser
import gzip
import http.server
import re
import subprocess
import threading
import urllib.request
from pathlib import Path

import yaml

from bench import shipped_proxy

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
NGINX_CONF = ROOT / "config" / "nginx" / "odoo.conf"
ODOO_PROD_CONF = ROOT / "config" / "odoo-production.conf"
ENV_EXAMPLE = ROOT / ".env.example"
DEFAULT_ENV = ROOT / ".env"

DEMO = {"db", "init", "odoo"}
PRODUCTION = {"prod-db", "prod-init", "prod-odoo", "prod-proxy"}
SECRET_KEYS = {"ODOO_ADMIN_PASSWORD", "POSTGRES_PASSWORD"}


def _compose():
    return yaml.safe_load(COMPOSE.read_text())


def _env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _sep, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def test_nginx_config_syntax(tmp_path):
    """`nginx -t` on the shipped server config, in a minimal main config
    under a temporary prefix, its upstream host (a compose service name)
    pointed at 127.0.0.1 so the check resolves nothing."""
    main = shipped_proxy.render(tmp_path, 18080, 8069, 8072)
    result = subprocess.run(
        shipped_proxy.nginx_command(main, "-t"), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


class _Upstream(http.server.ThreadingHTTPServer):
    """Plays Odoo behind nginx: answers every GET with a CSS body and records
    the request headers it received."""

    def __init__(self):
        self.seen = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.seen.append((self.path, dict(self.headers)))
                body = (".o_dealer { color: #123456; }\n" * 200).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def test_nginx_serves_odoo(tmp_path):
    """The shipped config running: gzip, the year-long cache of hashed
    bundles only, the forwarded headers proxy_mode reads, and /websocket to
    the gevent port with the upgrade headers."""
    odoo_http, odoo_gevent = _Upstream(), _Upstream()
    try:
        with shipped_proxy.ShippedNginx(odoo_http.server_port, odoo_gevent.server_port) as proxy:
            _check_proxy(proxy.url, odoo_http, odoo_gevent)
    finally:
        odoo_http.shutdown()
        odoo_gevent.shutdown()


def _check_proxy(base, odoo_http, odoo_gevent):
    def get(path, **headers):
        request = urllib.request.Request(base + path, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()

    status, headers, body = get("/web/assets/1a2b3c4/web.assets_frontend.min.css", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b".o_dealer" in gzip.decompress(body)
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _status, headers, _body = get("/web/assets/debug/web.assets_frontend.css")
    assert headers["Cache-Control"] == "no-cache", "unhashed bundles keep Odoo's own header"
    path, received = odoo_http.seen[-1]
    assert path == "/web/assets/debug/web.assets_frontend.css"
    assert received["X-Forwarded-Proto"] == "http"
    assert received["X-Forwarded-Host"] == "127.0.0.1"
    assert received["X-Forwarded-For"] == "127.0.0.1"
    get("/websocket", Upgrade="websocket", Connection="Upgrade")
    path, received = odoo_gevent.seen[-1]
    assert path == "/websocket"
    assert received["Upgrade"] == "websocket"
    assert received["Connection"].lower() == "upgrade"
    assert received["X-Forwarded-Proto"] == "http"
    assert all(p != "/websocket" for p, _h in odoo_http.seen)


def test_nginx_config_routes():
    """What Odoo in prefork mode needs from its proxy."""
    conf = NGINX_CONF.read_text()
    odoo_conf = configparser.ConfigParser()
    odoo_conf.read(ODOO_PROD_CONF)
    gevent_port = odoo_conf["options"]["gevent_port"]
    websocket = re.search(r"location /websocket \{(.*?)\}", conf, re.S).group(1)
    assert "proxy_pass http://odoo_websocket;" in websocket
    assert f"server prod-odoo:{gevent_port};" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert "proxy_set_header Connection $connection_upgrade;" in websocket
    assert "proxy_http_version 1.1;" in websocket
    assert "X-Forwarded-Proto" in websocket, "a location with its own headers inherits none"
    assert re.search(r"^\s*gzip on;", conf, re.M)
    assert re.search(r"^\s*client_max_body_size \d+m;", conf, re.M)
    assert re.search(r"^\s*proxy_read_timeout \d+s;", conf, re.M)
    assets = re.search(r'location ~ "\^/web/assets/(\S+)" \{(.*?)\}', conf, re.S)
    assert assets and "max-age=31536000" in assets.group(2)
    # Hashed bundles only: the unhashed debug bundles must not be cached for a year.
    assert not re.match(assets.group(1).rstrip("/") + "/", "debug/")
    assert re.match(assets.group(1), "1a2b3c4/")


def test_odoo_production_config():
    options = configparser.ConfigParser()
    options.read(ODOO_PROD_CONF)
    opts = options["options"]
    assert int(opts["workers"]) >= 2
    assert int(opts["max_cron_threads"]) >= 1
    for key in ("limit_memory_soft", "limit_memory_hard", "limit_time_cpu", "limit_time_real"):
        assert int(opts[key]) > 0, key
    assert int(opts["limit_memory_soft"]) < int(opts["limit_memory_hard"])
    assert opts["proxy_mode"] == "True"
    assert opts["list_db"] == "False"
    assert opts["without_demo"] == "all"
    # Rendered from the environment at start, never committed.
    for key in ("admin_passwd", "db_password", "db_name", "dbfilter"):
        assert key not in opts, key
    script = (ROOT / "config" / "odoo-production.sh").read_text()
    for key in ("admin_passwd", "db_password", "db_name", "dbfilter"):
        assert f"'{key} = " in script, key


def test_compose_profiles():
    """`docker compose up` is the demo (the committed .env selects it);
    `--profile production` is production alone."""
    services = _compose()["services"]
    assert set(services) == DEMO | PRODUCTION
    for name in DEMO:
        assert services[name].get("profiles") == ["demo"], name
    for name in PRODUCTION:
        assert services[name].get("profiles") == ["production"], name
    assert _env_file(DEFAULT_ENV) == {"COMPOSE_PROFILES": "demo"}
    assert _env_file(ENV_EXAMPLE)["COMPOSE_PROFILES"] == "production"
    # The demo as before: demo data, the public port 8069.
    assert services["odoo"]["ports"] == ["8069:8069"]
    assert "without" not in services["init"]["command"]


def test_compose_production_services():
    compose = _compose()
    services = compose["services"]
    declared_volumes = set(compose["volumes"])
    for name in PRODUCTION:
        service = services[name]
        assert isinstance(service.get("image"), str) and ":" in service["image"], f"{name}: a pinned image"
        # Every long-running service reports its health; the one-shot init does not run long.
        if service.get("restart") != "no":
            test = service.get("healthcheck", {}).get("test")
            assert isinstance(test, list) and test[0] in ("CMD", "CMD-SHELL"), f"{name}: healthcheck"
            assert service["restart"] == "unless-stopped", name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (ROOT / source).exists(), f"{name}: {source} is missing"
            else:
                assert source in declared_volumes, f"{name}: volume {source} not declared"
    assert "prod-db-data:/var/lib/postgresql/data" in services["prod-db"]["volumes"]
    # Only the proxy is published; Odoo is reached through it.
    assert [s for s in PRODUCTION if services[s].get("ports")] == ["prod-proxy"]
    assert "./config/nginx/odoo.conf:/etc/nginx/conf.d/default.conf:ro" in services["prod-proxy"]["volumes"]
    assert services["prod-proxy"]["depends_on"] == {"prod-odoo": {"condition": "service_healthy"}}
    assert services["prod-odoo"]["depends_on"] == {"prod-init": {"condition": "service_completed_successfully"}}
    assert services["prod-init"]["depends_on"] == {"prod-db": {"condition": "service_healthy"}}
    assert services["prod-init"]["command"][-1] == "init"


def test_compose_production_environment_has_no_secret():
    """Secrets come from .env.production (see .env.example), whose secret
    values ship empty; every variable the production profile reads is there."""
    services = _compose()["services"]
    example = _env_file(ENV_EXAMPLE)
    text = COMPOSE.read_text()
    for name in PRODUCTION:
        for key, value in (services[name].get("environment") or {}).items():
            value = str(value)
            if "PASSWORD" in key:
                assert re.fullmatch(r"\$\{[A-Z_]+:-\}", value), f"{name}.{key} = {value}: a literal secret"
            for var in re.findall(r"\$\{([A-Z_]+)", value):
                assert var in example or f"# {var}=" in ENV_EXAMPLE.read_text(), f"{var} is not in .env.example"
    for key in SECRET_KEYS:
        assert example[key] == "", f".env.example ships a value for {key}"
    for var in ("ODOO_DB", "ODOO_ADMIN_PASSWORD", "POSTGRES_PASSWORD"):
        assert "${" + var in text
    assert ".env.production" in (ROOT / ".gitignore").read_text().split()


def _run_odoo_entry(tmp_path, *args, **env_changes):
    """Run config/odoo-production.sh as the container would, with a stub
    `odoo` that records its arguments instead of starting."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    stub = bin_dir / "odoo"
    stub.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$ODOO_ARGS_OUT"\n')
    stub.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "ODOO_DB": "dealers",
        "ODOO_ADMIN_PASSWORD": "master-secret",
        "POSTGRES_PASSWORD": "db-secret",
        "ODOO_CONF_TEMPLATE": str(ODOO_PROD_CONF),
        "ODOO_CONF_RENDERED": str(tmp_path / "odoo.conf"),
        "ODOO_EXTRA_ADDONS": str(ROOT / "addons"),
        "ODOO_ARGS_OUT": str(tmp_path / "args"),
    }
    env.update(env_changes)
    result = subprocess.run(
        ["sh", str(ROOT / "config" / "odoo-production.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    args_file = tmp_path / "args"
    return result, args_file.read_text().splitlines() if args_file.exists() else None


def test_odoo_entry_renders_the_config_from_the_environment(tmp_path):
    result, args = _run_odoo_entry(tmp_path)
    assert result.returncode == 0, result.stderr
    rendered = tmp_path / "odoo.conf"
    assert args == ["-c", str(rendered)]
    # Odoo reads its config with a strict RawConfigParser: a key twice is an error.
    parser = configparser.RawConfigParser(strict=True)
    parser.read(rendered)
    opts = parser["options"]
    assert opts["admin_passwd"] == "master-secret"
    assert opts["db_password"] == "db-secret"
    assert opts["db_name"] == "dealers"
    assert opts["dbfilter"] == "^dealers$"
    assert opts["db_host"] == "prod-db"
    assert opts["proxy_mode"] == "True"
    assert "db_replica_host" not in opts
    assert rendered.stat().st_mode & 0o077 == 0, "the rendered config holds secrets: owner-only"


def test_odoo_entry_node_overrides(tmp_path):
    """A second node: no cron, its own worker count, a read replica."""
    result, args = _run_odoo_entry(
        tmp_path, ODOO_WORKERS="2", ODOO_MAX_CRON_THREADS="0", DB_REPLICA_HOST="replica", DB_REPLICA_PORT="5433"
    )
    assert result.returncode == 0, result.stderr
    assert "--workers=2" in args and "--max-cron-threads=0" in args
    parser = configparser.RawConfigParser(strict=True)
    parser.read(tmp_path / "odoo.conf")
    assert parser["options"]["db_replica_host"] == "replica"
    assert parser["options"]["db_replica_port"] == "5433"


def test_odoo_entry_init_installs_every_addon_without_demo(tmp_path):
    result, args = _run_odoo_entry(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    assert {"--without-demo=all", "--stop-after-init"} <= set(args)
    assert args[args.index("-d") + 1] == "dealers"
    addons = {p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py")}
    assert set(args[args.index("-i") + 1].split(",")) == addons


def test_odoo_entry_refuses_to_start_without_a_secret(tmp_path):
    for missing in ("ODOO_ADMIN_PASSWORD", "POSTGRES_PASSWORD", "ODOO_DB"):
        result, args = _run_odoo_entry(tmp_path, **{missing: ""})
        assert result.returncode != 0 and missing in result.stderr, missing
        assert args is None, f"Odoo started without {missing}"
