#!/usr/bin/env bash
# The HTTP benchmark (issue 13): bench/run.sh
# Builds release, starts the server on SQLite (DEBUG off), creates stories of 10, 50 and 200 scenes,
# measures each request with wrk in one run, prints the table and writes bench/results/<date>.md.
# BENCH_DURATION (8s), BENCH_THREADS (2), BENCH_CONNECTIONS (8), BENCH_SCENES (10,50,200).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
scratch=${BENCH_BUILD_PATH:-$root/.build-release}
swift build -c release --scratch-path "$scratch" --product story-server >/dev/null
binary="$scratch/release/story-server"
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
(cd "$dir" && DEBUG=false SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$port HOST=127.0.0.1 \
  BCRYPT_COST=4 ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD=bench-password \
  LOGIN_MAX_ATTEMPTS=1000000 LOGIN_MAX_ATTEMPTS_PER_EMAIL=1000000 LOGIN_MAX_ATTEMPTS_PER_ADDRESS=1000000 \
  GENERATION_WORKERS=0 "$binary" >"$dir/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d).md"
{
  echo "# HTTP benchmark, release build, SQLite, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  python3 bench/http/harness.py "http://127.0.0.1:$port" bench@example.com bench-password
  echo
  echo "Resident size of the server at the end: $(( $(awk '/VmRSS/ {print $2}' /proc/$(pgrep -P $server story-server || echo $server)/status 2>/dev/null || echo 0) / 1024 )) MiB"
} | tee "$out"
