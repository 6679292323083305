#!/usr/bin/env bash
# `make bench`: run every bench/bench_*.py (or BENCH=bench/bench_x.py) with the
# project's venv and Odoo config. Each script builds its own data and prints
# timings, query counts and ratios against native Odoo.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$REPO_DIR/scripts/setup.sh"
export DC_CONF ODOO_SRC DC_PGPORT
cd "$REPO_DIR"
scripts="${BENCH:-$(ls bench/bench_*.py)}"
for s in $scripts; do
    log "== $s"
    "$VENV/bin/python" "$s" -c "$DC_CONF" ${BENCH_ARGS:-}
done
