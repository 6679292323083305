#!/usr/bin/env bash
# Stops the private PostgreSQL clusters, the tests' and the demo's (Odoo stops
# with Ctrl+C in `make run`).
set -euo pipefail
for role in test run; do
    (
        export DC_PG_ROLE=$role
        . "$(dirname "${BASH_SOURCE[0]}")/env.sh"
        [ -f "$DC_PGDATA/PG_VERSION" ] || { log "No private PostgreSQL cluster at $DC_PGDATA."; exit 0; }
        bin="$(pg_bin)"
        if [ "$(id -u)" = "0" ]; then
            runuser -u postgres -- "$bin/pg_ctl" -D "$DC_PGDATA" -m fast stop || true
        else
            "$bin/pg_ctl" -D "$DC_PGDATA" -m fast stop || true
        fi
    )
done
