#!/usr/bin/env bash
# Two builds side by side: bench/ab.sh OLD_BINARY NEW_BINARY
# Starts each on its own SQLite file (DEBUG off, as bench/run.sh does), creates the same stories on
# both, and alternates wrk runs between them (bench/http/sidebyside.py): on this shared machine a
# comparison of two runs made minutes apart says little, one made request by request says more.
# BENCH_ROUNDS (3), BENCH_SCENES (10,25,50), BENCH_DURATION (8s).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bench/ab.sh OLD_BINARY NEW_BINARY" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
args=()
for side in a b; do
  binary=$1; shift
  dir="$work/$side"; mkdir -p "$dir"
  port=$((20000 + RANDOM % 20000))
  (cd "$dir" && exec env DB_TYPE=sqlite DEBUG=false SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$port HOST=127.0.0.1 \
    BCRYPT_COST=4 ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD=bench-password GENERATION_WORKERS=0 \
    LOGIN_MAX_ATTEMPTS=1000000 LOGIN_MAX_ATTEMPTS_PER_EMAIL=1000000 LOGIN_MAX_ATTEMPTS_PER_ADDRESS=1000000 \
    "$binary" >"$dir/server.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  args+=("http://127.0.0.1:$port" "${pids[-1]}")
done
BENCH_SCENES=${BENCH_SCENES:-10,25,50} python3 bench/http/sidebyside.py bench@example.com bench-password "${args[@]}"
