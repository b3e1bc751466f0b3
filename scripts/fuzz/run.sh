#!/usr/bin/env bash
# Fuzzes a story-server binary: schemathesis (GraphQL mode, every query and mutation of the SDL, as
# an admin), then Hypothesis (deep nesting, fragment graphs, aliases, odd bodies, malformed multipart),
# then checks the server never crashed or hung and still answers. Fixed seed and bounded: a few hundred
# examples, about a minute on 2 cores against a healthy server.
#
#   scripts/fuzz/run.sh [SERVER_BINARY] [pytest args...]   # default binary: .build/debug/story-server
#   FUZZ_EXAMPLES=5000 scripts/fuzz/run.sh                  # the long run (also: --long)
#
# Environment: TEST_VENV (default: the one scripts/test-venv.sh makes), FUZZ_EXAMPLES (600),
# FUZZ_REQUEST_TIMEOUT (10 s per request), FUZZ_SHRINK=1 (minimise failing examples; slow on hangs),
# FUZZ_KEEP=1 (keep the temporary folder with the server log and database).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

if [ "${1:-}" = "--long" ]; then export FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-5000}"; shift; fi
BIN="${1:-.build/debug/story-server}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--long" ] && { export FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-5000}"; shift; }
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
if [ ! -x "$BIN" ]; then echo "fuzz: no server binary at $BIN (build it, or pass its path)" >&2; exit 2; fi

VENV="${TEST_VENV:-$(scripts/test-venv.sh)}"
PY="$VENV/bin/python"
if ! "$PY" -c 'import schemathesis, hypothesis, pytest, requests' 2>/dev/null; then
  echo "fuzz: $VENV lacks schemathesis/hypothesis/pytest/requests (see scripts/test-requirements.txt)" >&2; exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/story-fuzz.XXXXXX")"
cleanup() { [ "${FUZZ_KEEP:-0}" = 1 ] && echo "fuzz: kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" schema > "$WORK/schema.graphql"
export FUZZ_SERVER_BIN="$BIN" FUZZ_SCHEMA="$WORK/schema.graphql" FUZZ_WORK_DIR="$WORK/server"
export FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-600}"
export PYTHONDONTWRITEBYTECODE=1
echo "fuzz: $BIN, $FUZZ_EXAMPLES examples, ${FUZZ_REQUEST_TIMEOUT:-10} s per request"

# The suite starts the server itself (free loopback port, temporary SQLite and media folder), restarts
# it after a crash or a hang so later findings still show, and stops it at the end.
status=0
( cd scripts/fuzz && "$PY" -m pytest -p no:cacheprovider -o console_output_style=classic -rfE --tb=short \
    test_schemathesis.py test_hypothesis.py test_zz_alive.py "$@" ) || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (pytest status $status); server log: $WORK/server/server.log" >&2
  export FUZZ_KEEP=1
fi
exit "$status"
