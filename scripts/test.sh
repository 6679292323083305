#!/usr/bin/env bash
# `make test`: a fresh database, every addon installed, every test run with
# pytest-odoo (HttpCase and Chromium tours included). Any skip is a failure.
#
#   DC_TEST_DB       database name (default dealer_test); dropped and rebuilt
#   DC_TEST_TEMPLATE optional database to copy first (speeds up local loops)
#   TESTS            test paths (default: addons/*/tests and tests/)
#   PYTEST_ARGS      extra pytest arguments, e.g. "-k credit -x"
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash "$REPO_DIR/scripts/setup.sh"

missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || command -v google-chrome-stable >/dev/null 2>&1 \
    || missing+=("Chromium (Debian/Ubuntu: apt-get install chromium)")
command -v wkhtmltopdf >/dev/null 2>&1 || missing+=("wkhtmltopdf (apt-get install wkhtmltopdf)")
"$VENV/bin/python" -c 'import websocket' 2>/dev/null || missing+=("the Python package websocket-client")
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=("nginx, for the proxy config test (apt-get install nginx-light)")
command -v ss >/dev/null 2>&1 || missing+=("ss, for the prefork accept-queue test (apt-get install iproute2)")
if [ ${#missing[@]} -gt 0 ]; then
    printf '[dealer] The browser tours, PDF and deployment tests cannot run; missing:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    die "Install them and run again. Skipped tests are never counted as passing."
fi

PY="$VENV/bin/python"
ODOO_BIN="$ODOO_SRC/odoo-bin"
log "Building a fresh database $DC_TEST_DB"
dc_sql "DROP DATABASE IF EXISTS \"$DC_TEST_DB\" WITH (FORCE)"
rm -rf "$DC_DATA_DIR/filestore/$DC_TEST_DB"
if [ -n "${DC_TEST_TEMPLATE:-}" ] \
    && [ "$(dc_sql "SELECT 1 FROM pg_database WHERE datname = %s" postgres "$DC_TEST_TEMPLATE")" = "1" ]; then
    dc_sql "CREATE DATABASE \"$DC_TEST_DB\" TEMPLATE \"$DC_TEST_TEMPLATE\""
    if [ -d "$DC_DATA_DIR/filestore/$DC_TEST_TEMPLATE" ]; then
        mkdir -p "$DC_DATA_DIR/filestore"
        cp -a "$DC_DATA_DIR/filestore/$DC_TEST_TEMPLATE" "$DC_DATA_DIR/filestore/$DC_TEST_DB"
    fi
fi
log "Installing $DC_MODULES"
# A copied template already has the addons: update those (so the copy runs
# this checkout's fields and views), install only the ones it lacks. `-i` on
# an installed addon would reload its data as a first install.
install=(-i "$DC_MODULES")
if [ -n "${DC_TEST_TEMPLATE:-}" ]; then
    installed=",$(dc_sql "SELECT string_agg(name, ',') FROM ir_module_module WHERE state = 'installed'" "$DC_TEST_DB"),"
    to_install=""
    for m in ${DC_MODULES//,/ }; do
        [[ "$installed" == *",$m,"* ]] || to_install="${to_install:+$to_install,}$m"
    done
    install=(-u "$DC_MODULES")
    [ -n "$to_install" ] && install+=(-i "$to_install")
fi
"$PY" "$ODOO_BIN" -c "$DC_CONF" -d "$DC_TEST_DB" "${install[@]}" --stop-after-init \
    --log-level=warn --http-port="$DC_HTTP_PORT" \
    || die "Installing the addons failed"

if [ -z "${TESTS:-}" ]; then
    TESTS="$(cd "$REPO_DIR" && ls -d addons/*/tests tests 2>/dev/null | tr '\n' ' ')"
fi
log "Running tests: $TESTS"
cd "$REPO_DIR"
# shellcheck disable=SC2086
exec "$PY" -m pytest -p no:cacheprovider -c "$REPO_DIR/pytest.ini" --rootdir="$REPO_DIR" --odoo-config="$DC_CONF" --odoo-database="$DC_TEST_DB" \
    --odoo-http --odoo-log-level=warn -rs $TESTS ${PYTEST_ARGS:-}
