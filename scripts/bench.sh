#!/usr/bin/env bash
# `make bench`: run every bench/bench_*.py (or BENCH=bench/bench_x.py) with the
# project's venv and Odoo config. Each script builds its own data and prints
# timings, query counts and ratios against native Odoo.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$REPO_DIR/scripts/setup.sh"
export DC_CONF ODOO_SRC DC_PGPORT
cd "$REPO_DIR"
default="bench/bench_pricing.py bench/bench_credit.py bench/bench_delivery.py bench/bench_portal_catalog.py
bench/bench_portal_submit.py bench/bench_portal_history.py bench/bench_corrections.py bench/bench_price_sheet.py
bench/bench_rollout_dashboard.py bench/bench_integration_outbox.py bench/bench_integration_export.py
bench/bench_integration_api.py bench/bench_portal_divisions.py"
# Lighthouse needs the npm package and the catalog bench's database.
if command -v lighthouse >/dev/null 2>&1; then
    default="$default bench/bench_portal_lighthouse.py"
fi
scripts="${BENCH:-$default}"
for s in $scripts; do
    log "== $s"
    "$VENV/bin/python" "$s" -c "$DC_CONF" ${BENCH_ARGS:-}
done
