#!/usr/bin/env bash
# `make lint`: pre-commit with OCA's checks on every file. It needs Python 3
# and Node.js with npm (for prettier), not Odoo and not PostgreSQL: the hooks
# run in a small virtualenv of their own.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

LINT_VENV="${LINT_VENV:-$DC_CACHE/lint-venv}"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "make lint needs Node.js and npm for prettier (Debian/Ubuntu: apt-get install nodejs npm)"
py="${PYTHON:-$(command -v python3)}"
[ -n "$py" ] || die "make lint needs Python 3"

stamp="$LINT_VENV/.requirements-dev.sha1"
want="$(sha1sum "$REPO_DIR/requirements-dev.txt" | cut -c1-40)"
if [ ! -x "$LINT_VENV/bin/pre-commit" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "Creating the lint virtualenv $LINT_VENV"
    "$py" -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q --upgrade pip
    "$LINT_VENV/bin/pip" install -q -r "$REPO_DIR/requirements-dev.txt"
    echo "$want" > "$stamp"
fi
cd "$REPO_DIR"
exec "$LINT_VENV/bin/pre-commit" run --all-files --show-diff-on-failure "$@"
