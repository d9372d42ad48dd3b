#!/usr/bin/env bash
# Set up and run the whole rmdesk test suite (pytest on 2 workers, Qt offscreen, real SQLite/PostgreSQL/PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test >/dev/null
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -n "${RMDESK_TEST_WORKERS:-2}" -p no:cacheprovider "$@"
