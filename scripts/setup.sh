#!/usr/bin/env bash
# Prepares everything the project needs to run: Odoo's source, a virtualenv,
# a private PostgreSQL cluster and an Odoo config file. Idempotent: a second
# call only checks and returns.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

find_python() {
    if [ -n "$PYTHON" ]; then echo "$PYTHON"; return; fi
    for p in python3.12 python3.11 python3.10 python3; do
        if command -v "$p" >/dev/null 2>&1; then
            if "$p" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 12) else 1)' 2>/dev/null; then
                command -v "$p"; return
            fi
        fi
    done
    die "Python 3.10, 3.11 or 3.12 is required (found none). Install one, or set PYTHON=/path/to/python3.x."
}

ensure_odoo() {
    if [ -f "$ODOO_SRC/odoo-bin" ] && [ -d "$ODOO_SRC/addons/website_sale" ]; then
        return
    fi
    if [ -d "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "ODOO_SRC=$ODOO_SRC is not empty but holds no Odoo $ODOO_BRANCH source (no odoo-bin or addons/website_sale). Empty it, or point ODOO_SRC at an Odoo $ODOO_BRANCH Community checkout."
    fi
    log "Fetching Odoo $ODOO_BRANCH Community source into $ODOO_SRC"
    mkdir -p "$ODOO_SRC"
    local tmp; tmp="$(mktemp -d)"
    if command -v curl >/dev/null 2>&1 && curl -fL --retry 3 --connect-timeout 20 -o "$tmp/odoo.tar.gz" "$ODOO_ARCHIVE_URL" \
        && tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"; then
        local top; top="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)"
        for part in odoo addons odoo-bin setup.py setup.cfg requirements.txt; do
            mv "$top/$part" "$ODOO_SRC/"
        done
        rm -rf "$tmp"
    else
        rm -rf "$tmp"
        rmdir "$ODOO_SRC" 2>/dev/null || true
        die "Could not download Odoo $ODOO_BRANCH from $ODOO_ARCHIVE_URL.
Do one of these, then run the command again:
  git clone --depth 1 --branch $ODOO_BRANCH https://github.com/odoo/odoo.git \"$ODOO_SRC\"
  or copy an Odoo $ODOO_BRANCH Community checkout (with odoo-bin, odoo/ and addons/) to $ODOO_SRC
  or set ODOO_SRC=/path/to/your/odoo-$ODOO_BRANCH checkout."
    fi
}

ensure_venv() {
    local stamp="$VENV/.dealer-requirements"
    local want; want="$(cat "$REPO_DIR/requirements.txt" "$REPO_DIR/requirements-test.txt" | sha1sum | cut -d' ' -f1)"
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return
    fi
    local py; py="$(find_python)"
    log "Creating virtualenv $VENV with $py"
    "$py" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip setuptools wheel
    "$VENV/bin/pip" install -q -r "$REPO_DIR/requirements.txt" -r "$REPO_DIR/requirements-test.txt"
    echo "$want" > "$stamp"
}

link_odoo() {
    # Odoo is not a pip package here: make it importable from the venv (pytest-odoo needs that).
    local site; site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_SRC" > "$site/dealer-odoo-src.pth"
}

as_pg_owner() {
    if [ "$(id -u)" = "0" ]; then
        id postgres >/dev/null 2>&1 || die "Running as root: PostgreSQL needs the 'postgres' system user. Install the postgresql package or run as a normal user."
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

ensure_pg() {
    local bin; bin="$(pg_bin)"
    if [ ! -f "$DC_PGDATA/PG_VERSION" ]; then
        log "Creating a private PostgreSQL cluster in $DC_PGDATA (port $DC_PGPORT, 127.0.0.1 only)"
        mkdir -p "$DC_PGDATA"
        [ "$(id -u)" = "0" ] && chown -R postgres: "$(dirname "$DC_PGDATA")"
        as_pg_owner "$bin/initdb" -D "$DC_PGDATA" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if [ "$DC_PG_ROLE" = "run" ] && as_pg_owner "$bin/pg_ctl" -D "$DC_PGDATA" status >/dev/null 2>&1 \
        && [ "$(dc_sql "SHOW fsync")" != "on" ]; then
        # The demo's cluster holds data someone may care about: never serve it without fsync.
        log "Restarting the PostgreSQL of 'make run' with durable settings (fsync, full_page_writes)"
        as_pg_owner "$bin/pg_ctl" -D "$DC_PGDATA" -m fast -w stop >/dev/null
    fi
    if ! as_pg_owner "$bin/pg_ctl" -D "$DC_PGDATA" status >/dev/null 2>&1; then
        log "Starting PostgreSQL ($DC_PG_ROLE cluster) on 127.0.0.1:$DC_PGPORT"
        as_pg_owner "$bin/pg_ctl" -D "$DC_PGDATA" -w -t 60 -l "$DC_PGDATA/server.log" \
            -o "-p $DC_PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 $DC_PG_SETTINGS" start >/dev/null \
            || die "PostgreSQL did not start; see $DC_PGDATA/server.log"
    fi
}

write_conf() {
    mkdir -p "$DC_DATA_DIR"
    cat > "$DC_CONF" <<CONF
[options]
addons_path = $REPO_DIR/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons
data_dir = $DC_DATA_DIR
db_host = 127.0.0.1
db_port = $DC_PGPORT
db_user = odoo
db_password = False
admin_passwd = admin
http_port = $DC_HTTP_PORT
list_db = False
CONF
}

main() {
    mkdir -p "$DC_CACHE"
    ensure_odoo
    ensure_venv
    link_odoo
    ensure_pg
    write_conf
}

main "$@"
