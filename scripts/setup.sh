#!/usr/bin/env bash
# Shared by start.sh and test.sh: a virtualenv with rmdesk installed, and (when root) the Debian libraries that
# headless Qt, the PDF tools and the PostgreSQL tests need. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR=$(pwd)
PY=${PYTHON:-python3}
want_extra=${1:-}

need_debs=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libGL.so.1          || need_debs+=(libgl1)
have_lib libEGL.so.1         || need_debs+=(libegl1)
have_lib libxkbcommon.so.0   || need_debs+=(libxkbcommon0)
have_lib libfontconfig.so.1  || need_debs+=(libfontconfig1)
have_lib libglib-2.0.so.0    || need_debs+=(libglib2.0-0)
have_lib libdbus-1.so.3      || need_debs+=(libdbus-1-3)
if [ "$want_extra" = "test" ]; then
  command -v pdftotext >/dev/null || need_debs+=(poppler-utils)
  if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    need_debs+=(postgresql)
  fi
fi
if [ ${#need_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${need_debs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need_debs[@]}" >/dev/null
  else
    echo "Note: missing Debian packages (install them as root): ${need_debs[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.rmdesk-installed-$(sha256sum pyproject.toml | cut -c1-16)-${want_extra:-app}"
# an install with the test extras also serves the app
if [ ! -f "$stamp" ] && ! { [ -z "$want_extra" ] && [ -f "${stamp%-app}-test" ]; }; then
  echo "Installing rmdesk and its dependencies into .venv (log: .venv/install.log)…" >&2
  target="."
  [ "$want_extra" = "test" ] && target=".[test]"
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e "$target"; } \
      >.venv/install.log 2>&1; then
    tail -n 30 .venv/install.log >&2
    echo "pip install failed; see .venv/install.log" >&2
    exit 1
  fi
  touch "$stamp"
fi
echo "$ROOT_DIR/.venv"
