#!/usr/bin/env bash
# The schema compatibility test: our SDL (`story-server schema`) against the old server's contract
# (../shared/contract: old-server.graphql and todo-frontend.graphql loaded together), with
# graphql-core's find_breaking_changes. Fails on any breaking change not in allowed-breaking-changes.txt.
#   usage: scripts/compat/check.sh [path/to/story-server]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/debug/story-server}
VENV=${TEST_VENV:-$(scripts/test-venv.sh)}
CONTRACT=${CONTRACT_DIR:-../shared/contract}
[ -f "$CONTRACT/old-server.graphql" ] || { echo "compat: no contract at $CONTRACT (set CONTRACT_DIR)" >&2; exit 1; }
sdl=$(mktemp)
trap 'rm -f "$sdl"' EXIT
"$BIN" schema >"$sdl"
echo "compat: our schema against $CONTRACT"
"$VENV/bin/python" scripts/compat/schema_compat.py "$sdl" "$CONTRACT" scripts/compat/allowed-breaking-changes.txt
