#!/usr/bin/env bash
# Times the refusals of hostile requests on a release build: bench/refusals/run.sh
# Prints a table (median and worst ms, ratio to `{ __typename }` in the same run) and writes it to
# bench/results/refusals-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${BENCH_BUILD_PATH:-$PWD/.build-release}
swift build -c release --scratch-path "$scratch" --product story-server >/dev/null
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
(cd "$dir" && DEBUG=false SECRET_KEY=$(head -c 48 /dev/urandom | base64) PORT=$port HOST=127.0.0.1 \
  "$scratch/release/story-server" >"$dir/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
mkdir -p bench/results
out="bench/results/refusals-$(date -u +%Y-%m-%d).md"
{ echo "# Refusals of hostile requests, release build, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"; echo;
  python3 bench/refusals/refusals.py "http://127.0.0.1:$port/graphql/"; } | tee "$out"
