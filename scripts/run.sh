#!/usr/bin/env bash
# `make run`: set everything up, build the demo database on first use, and
# serve Odoo at http://localhost:$DC_HTTP_PORT. Later runs reuse it all and
# start in seconds; when the addons changed, they are updated first.
set -euo pipefail
# The demo runs on its own durable PostgreSQL cluster, not on the tests' fast one.
export DC_PG_ROLE=run
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash "$REPO_DIR/scripts/setup.sh"
PY="$VENV/bin/python"
ODOO_BIN="$ODOO_SRC/odoo-bin"

addons_hash() {
    (cd "$REPO_DIR/addons" && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
}
stamp="$DC_CACHE/$DC_DB.addons"

if [ "${1:-}" = "--reset-only" ]; then
    dc_sql "DROP DATABASE IF EXISTS \"$DC_DB\" WITH (FORCE)" >/dev/null
    rm -rf "$DC_DATA_DIR/filestore/$DC_DB" "$stamp"
    log "Demo database $DC_DB dropped; the next 'make run' rebuilds it."
    exit 0
fi

installed="$(dc_sql "SELECT count(*) FROM ir_module_module WHERE name = 'dealer_portal' AND state = 'installed'" "$DC_DB")"
if [ "$installed" != "1" ]; then
    log "Creating the demo database $DC_DB with the dealer addons and demo data (a few minutes, once)"
    dc_sql "DROP DATABASE IF EXISTS \"$DC_DB\" WITH (FORCE)" >/dev/null
    rm -rf "$DC_DATA_DIR/filestore/$DC_DB"
    "$PY" "$ODOO_BIN" -c "$DC_CONF" -d "$DC_DB" -i "$DC_MODULES" --stop-after-init --log-level=warn \
        || die "Building the demo database failed (see the log above)."
    addons_hash > "$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$(addons_hash)" ]; then
    log "The addons changed since the last run: updating $DC_MODULES"
    "$PY" "$ODOO_BIN" -c "$DC_CONF" -d "$DC_DB" -u "$DC_MODULES" --stop-after-init --log-level=warn \
        || die "Updating the addons failed (see the log above)."
    addons_hash > "$stamp"
fi

url="http://localhost:$DC_HTTP_PORT"
"$PY" "$ODOO_BIN" -c "$DC_CONF" -d "$DC_DB" --db-filter="^$DC_DB\$" \
    --http-interface="${DC_HTTP_INTERFACE:-127.0.0.1}" --http-port="$DC_HTTP_PORT" --log-level=warn &
odoo_pid=$!
trap 'kill "$odoo_pid" 2>/dev/null; wait "$odoo_pid" 2>/dev/null' INT TERM
for _ in $(seq 1 120); do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('$url/web/login', timeout=2)" 2>/dev/null; then
        break
    fi
    kill -0 "$odoo_pid" 2>/dev/null || die "Odoo stopped while starting (see the log above)."
    sleep 1
done
# The divisions' portals: each website with a division, on its own domain
# (*.localhost names resolve to this machine in browsers, with no setup).
division_urls="$(dc_sql "SELECT string_agg(format('  %-42s http://%s:%s', name || ':', split_part(regexp_replace(domain, '^https?://', ''), ':', 1), '$DC_HTTP_PORT'), E'\n' ORDER BY sequence, id) FROM website WHERE dealer_division_id IS NOT NULL AND domain IS NOT NULL" "$DC_DB")"
cat >&2 <<BANNER

  Dealer Commerce is running at $url (the manufacturer's site)

  Division portals (same logins on each; a dealer sees the divisions it trades with):
$division_urls

  Dealer portal (Northwind Motors, dealer admin):  login: dealer      password: dealer
    (Northwind trades with both divisions: Gold at Apex Brakes, Pro at Voltline)
  Voltline-only dealer (Brightwater Auto Electric): login: voltline    password: voltline
  Dealer warehouse user:                           login: warehouse   password: warehouse
  Dealer finance user:                             login: finance     password: finance
  Dealer of a wave not open yet (Summit):          login: summit      password: summit
  Back office (sales manager, invoicing):          login: backoffice  password: backoffice
  Odoo administrator:                              login: admin       password: admin

  Stop with Ctrl+C. 'make stop' also stops the private PostgreSQL.

BANNER
wait "$odoo_pid"
