# shellcheck shell=bash
# Shared settings for the project's scripts. Sourced, never executed.
# Every path can be overridden from the environment; defaults live in the
# user's cache dir so a clone stays clean.

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DC_CACHE="${DC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dealer-commerce}"
ODOO_SRC="${ODOO_SRC:-$DC_CACHE/odoo-18.0}"
ODOO_BRANCH="${ODOO_BRANCH:-18.0}"
ODOO_ARCHIVE_URL="${ODOO_ARCHIVE_URL:-https://github.com/odoo/odoo/archive/refs/heads/$ODOO_BRANCH.tar.gz}"
VENV="${VENV:-$DC_CACHE/venv}"
PYTHON="${PYTHON:-}"
DC_PGPORT="${DC_PGPORT:-54329}"  # the test cluster; `make run` uses DC_RUN_PGPORT
DC_DB="${DC_DB:-dealer_demo}"
DC_TEST_DB="${DC_TEST_DB:-dealer_test}"
DC_HTTP_PORT="${DC_HTTP_PORT:-8069}"
# Every addon of the repository, core first (the order only matters for reading logs).
DC_MODULES="${DC_MODULES:-$(cd "$REPO_DIR/addons" && for m in dealer_pricing dealer_credit dealer_delivery dealer_portal */; do
    m="${m%/}"; [ -f "$m/__manifest__.py" ] && echo "$m"; done | awk '!seen[$0]++' | paste -sd, -)}"
# One config per checkout, so two clones never run with each other's addons.
DC_CONF="${DC_CONF:-$DC_CACHE/odoo-$(printf %s "$REPO_DIR" | sha1sum | cut -c1-8).conf}"
DC_DATA_DIR="${DC_DATA_DIR:-$DC_CACHE/data}"

# PostgreSQL refuses to run as root. When we are root, the cluster is owned by
# the 'postgres' system user, and lives where that user can reach it.
if [ "$(id -u)" = "0" ]; then
    DC_PG_ROOT="/var/cache/dealer-commerce"
else
    DC_PG_ROOT="$DC_CACHE"
fi
# Two private clusters. `make test` and `make bench` use a throw-away one, fast
# because it does not flush to disk (fsync=off): a crash may corrupt it, which
# costs nothing but a rebuild. `make run` (scripts/run.sh sets DC_PG_ROLE=run)
# uses a durable one of its own, so data typed into the demo survives a crash.
DC_PG_ROLE="${DC_PG_ROLE:-test}"
if [ "$DC_PG_ROLE" = "run" ]; then
    DC_PGPORT="${DC_RUN_PGPORT:-54328}"
    DC_PGDATA="${DC_RUN_PGDATA:-$DC_PG_ROOT/pgdata-run}"
    DC_CONF="${DC_RUN_CONF:-$DC_CACHE/odoo-$(printf %s "$REPO_DIR" | sha1sum | cut -c1-8)-run.conf}"
    DC_DATA_DIR="${DC_RUN_DATA_DIR:-$DC_CACHE/data-run}"
    DC_PG_SETTINGS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
else
    DC_PGDATA="${DC_PGDATA:-$DC_PG_ROOT/pgdata}"
    DC_PG_SETTINGS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

log() { printf '\033[1;34m[dealer]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[dealer] %s\033[0m\n' "$*" >&2; exit 1; }

# PostgreSQL server binaries: on PATH, or Debian's versioned folder.
pg_bin() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"; return
    fi
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
    [ -n "$d" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    die "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian/Ubuntu: apt-get install postgresql) or put them on PATH."
}

# dc_sql QUERY [DATABASE [PARAM...]]: run one statement on the private cluster
# (database `postgres` by default, %s placeholders for the parameters) and
# print the first column of the first row. Prints nothing when the database
# does not exist. Needs the venv (psycopg2), so call it after setup.sh.
dc_sql() {
    "$VENV/bin/python" - "$DC_PGPORT" "$@" <<'PYEOF'
import sys, psycopg2
port, query = sys.argv[1], sys.argv[2]
db = sys.argv[3] if len(sys.argv) > 3 else "postgres"
try:
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname=db)
except psycopg2.OperationalError:
    sys.exit(0)
conn.autocommit = True
cur = conn.cursor()
cur.execute(query, sys.argv[4:] or None)
row = cur.fetchone() if cur.description else None
print("" if not row or row[0] is None else row[0])
PYEOF
}
