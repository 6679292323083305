#!/usr/bin/env bash
# `make loadtest`: the production topology on this machine, under load and faults.
#
# Odoo in prefork mode (HTTP workers, the gevent process, a cron worker, the
# limits of config/odoo-production.conf) behind nginx with the shipped
# config/nginx/odoo.conf, on a copy of the load-test bench database (500
# dealers, each with a portal user), in a PostgreSQL cluster of its own (it is
# restarted during the run, so never the cluster of `make test`). Locust drives
# LOADTEST_USERS dealers for LOADTEST_DURATION; bench/loadtest/run.py injects
# the faults, prints the percentiles and the targets, checks the invariants in
# the database and exits non-zero when one breaks.
#
# Settings (environment):
#   LOADTEST_USERS=100  LOADTEST_SPAWN_RATE=2  LOADTEST_DURATION=5m
#   LOADTEST_PRODUCTS=2000 (catalog size of the bench database; a change rebuilds it)
#   LOADTEST_FAULTS=1 (0: no faults)  LOADTEST_REBUILD=1 (rebuild the bench database)
#   DC_LOADTEST_PGPORT=54339  DC_LOADTEST_HTTP_PORT=8144  DC_LOADTEST_GEVENT_PORT=8154
#   DC_LOADTEST_PROXY_PORT=8164  DC_LOADTEST_DB=dealer_loadtest
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$REPO_DIR/scripts/setup.sh"

LT_PGPORT="${DC_LOADTEST_PGPORT:-54339}"
LT_PGDATA="${DC_LOADTEST_PGDATA:-$DC_PG_ROOT/pgdata-loadtest}"
LT_DB="${DC_LOADTEST_DB:-dealer_loadtest}"
LT_BASE_DB="${LT_DB}_base"
LT_DATA_DIR="${DC_LOADTEST_DATA_DIR:-$DC_CACHE/data-loadtest}"
LT_CONF="${DC_LOADTEST_CONF:-$DC_CACHE/odoo-$(printf %s "$REPO_DIR" | sha1sum | cut -c1-8)-loadtest.conf}"
LT_VENV="${DC_LOADTEST_VENV:-$DC_CACHE/loadtest-venv}"
LT_PRODUCTS="${LOADTEST_PRODUCTS:-2000}"
PGBIN="$(pg_bin)"

as_pg_owner() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A cluster of its own: the run restarts it (a fault), and other runs must not notice.
# Throw-away data, so it runs without fsync like the test cluster.
if [ ! -f "$LT_PGDATA/PG_VERSION" ]; then
    log "Creating the load test's PostgreSQL cluster in $LT_PGDATA (port $LT_PGPORT)"
    mkdir -p "$LT_PGDATA"
    [ "$(id -u)" = "0" ] && chown -R postgres: "$LT_PGDATA"
    as_pg_owner "$PGBIN/initdb" -D "$LT_PGDATA" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
LT_PG_OPTS="-p $LT_PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if ! as_pg_owner "$PGBIN/pg_ctl" -D "$LT_PGDATA" status >/dev/null 2>&1; then
    log "Starting the load test's PostgreSQL on 127.0.0.1:$LT_PGPORT"
    as_pg_owner "$PGBIN/pg_ctl" -D "$LT_PGDATA" -w -t 60 -l "$LT_PGDATA/server.log" -o "$LT_PG_OPTS" start >/dev/null \
        || die "PostgreSQL did not start; see $LT_PGDATA/server.log"
fi

# Locust lives in a virtualenv of its own: it pins gevent/greenlet/Flask
# versions Odoo's venv must not take.
stamp="$LT_VENV/.dealer-requirements"
want="$(sha1sum "$REPO_DIR/bench/loadtest/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$LT_VENV/bin/locust" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "Installing Locust into $LT_VENV"
    "$VENV/bin/python" -m venv "$LT_VENV"
    "$LT_VENV/bin/pip" install -q -r "$REPO_DIR/bench/loadtest/requirements.txt"
    echo "$want" > "$stamp"
fi

# The shipped production settings, with local paths and ports.
mkdir -p "$LT_DATA_DIR"
LT_HTTP_PORT="${DC_LOADTEST_HTTP_PORT:-8144}"
LT_GEVENT_PORT="${DC_LOADTEST_GEVENT_PORT:-8154}"
{
    echo "[options]"
    grep -E '^(proxy_mode|list_db|workers|max_cron_threads|limit_[a-z_]+|db_maxconn|dealer_[a-z_]+) *=' "$REPO_DIR/config/odoo-production.conf"
    cat <<CONF
addons_path = $REPO_DIR/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons
data_dir = $LT_DATA_DIR
db_host = 127.0.0.1
db_port = $LT_PGPORT
db_user = odoo
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $LT_HTTP_PORT
gevent_port = $LT_GEVENT_PORT
CONF
} > "$LT_CONF"

export ODOO_SRC
cd "$REPO_DIR"
build_args=(-c "$LT_CONF" --db "$LT_BASE_DB" --products "$LT_PRODUCTS")
[ "${LOADTEST_REBUILD:-0}" = "1" ] || build_args+=(--reuse)
log "Load-test bench database $LT_BASE_DB (built once, then reused)"
"$VENV/bin/python" bench/loadtest/build.py "${build_args[@]}"

# A reused database follows the addons: updated once after they change.
addons_hash="$(cd "$REPO_DIR/addons" && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)"
lt_stamp="$LT_DATA_DIR/$LT_BASE_DB.addons"
if [ "$(cat "$lt_stamp" 2>/dev/null)" != "$addons_hash" ]; then
    log "Updating the dealer addons in $LT_BASE_DB"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$LT_CONF" -d "$LT_BASE_DB" --workers=0 --max-cron-threads=0 \
        -u dealer_pricing,dealer_credit,dealer_delivery,dealer_portal --stop-after-init --log-level=warn \
        || die "Updating $LT_BASE_DB failed (see the log above)."
    echo "$addons_hash" > "$lt_stamp"
fi

# The copy takes the base's planner statistics, but autovacuum never analyzes
# a copy (its write counters start at zero): without them PostgreSQL plans
# the catalog's queries for empty tables. A production database is analyzed
# by autovacuum as it is written; the base is analyzed here, after any build
# or update, so that every copy starts with statistics.
log "Analyzing $LT_BASE_DB"
DC_PGPORT="$LT_PGPORT" dc_sql "ANALYZE" "$LT_BASE_DB" >/dev/null
log "Copying $LT_BASE_DB to $LT_DB"
DC_PGPORT="$LT_PGPORT" dc_sql "DROP DATABASE IF EXISTS \"$LT_DB\" WITH (FORCE)" >/dev/null
DC_PGPORT="$LT_PGPORT" dc_sql "CREATE DATABASE \"$LT_DB\" TEMPLATE \"$LT_BASE_DB\"" >/dev/null
rm -rf "$LT_DATA_DIR/filestore/$LT_DB"
if [ -d "$LT_DATA_DIR/filestore/$LT_BASE_DB" ]; then
    cp -a "$LT_DATA_DIR/filestore/$LT_BASE_DB" "$LT_DATA_DIR/filestore/$LT_DB"
fi

status=0
"$VENV/bin/python" bench/loadtest/run.py -c "$LT_CONF" --db "$LT_DB" \
    --pg-ctl "$PGBIN/pg_ctl" --pgdata "$LT_PGDATA" --pg-opts "$LT_PG_OPTS" \
    --locust "$LT_VENV/bin/locust" --proxy-port "${DC_LOADTEST_PROXY_PORT:-8164}" || status=$?
# The cluster serves nothing else: stopped until the next run (which starts it again).
as_pg_owner "$PGBIN/pg_ctl" -D "$LT_PGDATA" -m fast stop >/dev/null || true
exit "$status"
