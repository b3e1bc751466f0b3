#!/usr/bin/env bash
# Prints the path of the Python virtual environment the test servers run in, creating it if needed.
# It uses Python 3.13 (pyenv's when present), which mongoeco needs.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-test
REQS=scripts/test-requirements.txt
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQS" "$VENV/.requirements"; then
  PY=""
  if command -v pyenv >/dev/null; then
    for v in "$(pyenv root)"/versions/3.13*; do [ -x "$v/bin/python3" ] && PY="$v/bin/python3"; done
  fi
  [ -n "$PY" ] || PY=$(command -v python3.13 || command -v python3)
  rm -rf "$VENV"
  "$PY" -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q --upgrade pip >&2
  "$VENV/bin/pip" install -q -r "$REQS" >&2
  cp "$REQS" "$VENV/.requirements"
fi
echo "$PWD/$VENV"
