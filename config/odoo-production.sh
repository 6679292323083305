#!/bin/sh
# Starts Odoo in the production profile of docker-compose.yml. It renders the
# config from config/odoo-production.conf plus the environment (so nothing
# secret lives in the repository or on the command line), then:
#   odoo-production.sh init   installs the dealer addons without demo data (once)
#   odoo-production.sh        serves
set -eu
: "${ODOO_DB:?set ODOO_DB (the database name) in .env.production}"
: "${ODOO_ADMIN_PASSWORD:?set ODOO_ADMIN_PASSWORD (the master password) in .env.production}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env.production}"

# Paths of the container; the tests point them elsewhere.
template="${ODOO_CONF_TEMPLATE:-/etc/odoo/odoo-production.conf}"
conf="${ODOO_CONF_RENDERED:-/tmp/odoo.conf}"
addons="${ODOO_EXTRA_ADDONS:-/mnt/extra-addons}"
umask 077
{
    cat "$template"
    printf 'db_host = %s\n' "${DB_HOST:-prod-db}"
    printf 'db_port = %s\n' "${DB_PORT:-5432}"
    printf 'db_user = %s\n' "${POSTGRES_USER:-odoo}"
    printf 'db_password = %s\n' "$POSTGRES_PASSWORD"
    printf 'db_name = %s\n' "$ODOO_DB"
    printf 'dbfilter = ^%s$\n' "$ODOO_DB"
    printf 'admin_passwd = %s\n' "$ODOO_ADMIN_PASSWORD"
    # Optional read replica for read-only routes (docs/deployment.md).
    if [ -n "${DB_REPLICA_HOST:-}" ]; then
        printf 'db_replica_host = %s\n' "$DB_REPLICA_HOST"
        printf 'db_replica_port = %s\n' "${DB_REPLICA_PORT:-5432}"
    fi
} > "$conf"

if [ "${1:-}" = "init" ]; then
    # Every addon of the repository. Addons already installed are left as
    # they are: a second run exits at once.
    modules=""
    for manifest in "$addons"/*/__manifest__.py; do
        name="$(basename "$(dirname "$manifest")")"
        modules="${modules:+$modules,}$name"
    done
    [ -n "$modules" ] || { echo "No addons in $addons" >&2; exit 1; }
    exec odoo -c "$conf" -d "$ODOO_DB" --without-demo=all --stop-after-init --workers=0 --max-cron-threads=0 \
        -i "$modules"
fi
# Per-node overrides (a key may appear only once in the file, so these go on the command line).
[ -n "${ODOO_MAX_CRON_THREADS:-}" ] && set -- --max-cron-threads="$ODOO_MAX_CRON_THREADS" "$@"
[ -n "${ODOO_WORKERS:-}" ] && set -- --workers="$ODOO_WORKERS" "$@"
exec odoo -c "$conf" "$@"
