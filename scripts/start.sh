#!/usr/bin/env bash
# Set up and start rmdesk on the embedded SQLite file (created with a demo book on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
RM=.venv/bin/rmdesk
# First run = the embedded SQLite file does not exist yet (RMDESK_DB or --db point elsewhere on purpose).
first_run=$(.venv/bin/python -c "
import os, sys
from rmdesk.paths import default_db_url
url = default_db_url()
print(1 if url.startswith('sqlite:///') and not os.path.exists(url[len('sqlite:///'):]) else 0)")
"$RM" init >/dev/null
if [ "$first_run" = "1" ]; then
  echo "First run: generating the demo book (300 clients)…"
  "$RM" demo --clients 300
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: starting on Qt's offscreen platform (set DISPLAY to see the window)." >&2
  export QT_QPA_PLATFORM=offscreen
fi
exec "$RM" "$@"
