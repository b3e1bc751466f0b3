#!/usr/bin/env bash
# The HTTP benchmark (issue 13): bench/run.sh
# Builds release, starts the server on SQLite (DEBUG off), creates stories of 10 to 200 scenes,
# measures each request with wrk in one run, prints the table; then the same on the test MongoDB
# (mongoeco's wire server, or MONGODB_URI when set). Writes both to bench/results/<date>.md.
# BENCH_DURATION (8s), BENCH_THREADS (2), BENCH_CONNECTIONS (8), BENCH_SCENES (10,25,50,100,200),
# BENCH_STORES (sqlite,mongo), BENCH_ROUNDS (3: rounds of the rows the goals rest on), BENCH_PERF (a perf.data path: profile the editor's query instead),
# BENCH_BREAKDOWN (price the pieces of a request's fixed cost instead: bench/http/breakdown.py).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ -n "${BENCH_PERF:-}" ]; then command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }; fi
scripts/setup.sh >/dev/null
scratch=${BENCH_BUILD_PATH:-$root/.build-release}
swift build -c release --scratch-path "$scratch" --product story-server >/dev/null
binary="$scratch/release/story-server"
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && { pkill -P "$server" story-server 2>/dev/null; kill "$server" 2>/dev/null; } || true
  RUN_DIR="$work" bash scripts/services/mongo.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# bench STORE_LABEL ENV...: one server, the harness's table, the server's resident size.
bench() {
  local label=$1; shift
  local dir="$work/$label"; mkdir -p "$dir"
  local port=$((20000 + RANDOM % 20000))
  (cd "$dir" && env "$@" DEBUG=false SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$port HOST=127.0.0.1 \
    BCRYPT_COST=4 ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD=bench-password \
    LOGIN_MAX_ATTEMPTS=1000000 LOGIN_MAX_ATTEMPTS_PER_EMAIL=1000000 LOGIN_MAX_ATTEMPTS_PER_ADDRESS=1000000 \
    GENERATION_WORKERS=0 "$binary" >"$dir/server.log" 2>&1) &
  server=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "## $label"
  echo
  local pid; pid=$(pgrep -P "$server" story-server || echo "$server")
  local script=bench/http/harness.py
  if [ -n "${BENCH_BREAKDOWN:-}" ]; then script=bench/http/breakdown.py; fi
  BENCH_SERVER_PID=$pid python3 "$script" "http://127.0.0.1:$port" bench@example.com bench-password
  echo
  echo "Resident size of the server at the end: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0) / 1024 )) MiB (peak $(( $(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0) / 1024 )) MiB)"
  echo
  # The server itself, not only the subshell that started it (which left it running).
  kill "$pid" "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=
}

mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d).md"
# A profile (BENCH_PERF, see harness.py) or a breakdown (BENCH_BREAKDOWN, breakdown.py) is not a result.
if [ -n "${BENCH_PERF:-}${BENCH_BREAKDOWN:-}" ]; then out=/dev/null; fi
stores=${BENCH_STORES:-sqlite,mongo}
{
  echo "# HTTP benchmark, release build, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  if [[ $stores == *sqlite* ]]; then bench "SQLite" DB_TYPE=sqlite; fi
  if [[ $stores == *mongo* ]]; then
    RUN_DIR="$work" bash scripts/services/mongo.sh start >/dev/null
    uri=$(grep MONGODB_URI "$work/env" | sed 's|^export MONGODB_URI=||; s|/story_test$|/story_bench|' || true)
    bench "MongoDB (the test wire server, mongoeco, in Python: its speed bounds these figures)" DB_TYPE=mongo MONGODB_URI="${uri:-${MONGODB_URI:-}}"
  fi
} | tee "$out"
