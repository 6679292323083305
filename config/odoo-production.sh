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

conf=/tmp/odoo.conf
umask 077
{
    cat /etc/odoo/odoo-production.conf
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
    # Addons already installed are left as they are: a second run exits at once.
    exec odoo -c "$conf" -d "$ODOO_DB" --without-demo=all --stop-after-init --workers=0 --max-cron-threads=0 \
        -i dealer_pricing,dealer_credit,dealer_delivery,dealer_portal,dealer_order_intake,dealer_rollout
fi
# Per-node overrides (a key may appear only once in the file, so these go on the command line).
[ -n "${ODOO_MAX_CRON_THREADS:-}" ] && set -- --max-cron-threads="$ODOO_MAX_CRON_THREADS" "$@"
[ -n "${ODOO_WORKERS:-}" ] && set -- --workers="$ODOO_WORKERS" "$@"
exec odoo -c "$conf" "$@"
