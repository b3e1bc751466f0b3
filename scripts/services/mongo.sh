#!/usr/bin/env bash
# A MongoDB wire-protocol server for the MongoStore tests: mongoeco's (scripts/mongo/wire_server.py,
# in-memory engine) on a free loopback port. When MONGODB_URI is already set (a real MongoDB), nothing
# is started and that URI is kept: the same suite then runs against it.
#   start: runs the server, waits until it answers, appends MONGODB_URI and MONGODB_TEST_PYTHON
#          (the venv's python, with pymongo and bcrypt, for the compatibility tests) to "$RUN_DIR/env".
#   stop:  stops the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${RUN_DIR:?RUN_DIR must be set}"
PIDFILE="$RUN_DIR/mongo.pid"
PORTFILE="$RUN_DIR/mongo.port"
case "${1:-}" in
start)
  VENV=${TEST_VENV:-$(scripts/test-venv.sh)}
  echo "export MONGODB_TEST_PYTHON=$VENV/bin/python" >>"$RUN_DIR/env"
  if [ -n "${MONGODB_URI:-}" ]; then
    echo "mongo: using the MongoDB given in MONGODB_URI"
    exit 0
  fi
  rm -f "$PORTFILE"
  "$VENV/bin/python" scripts/mongo/wire_server.py "$PORTFILE" >"$RUN_DIR/mongo.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 150); do [ -s "$PORTFILE" ] && break; sleep 0.1; done
  [ -s "$PORTFILE" ] || { echo "mongo: mongoeco did not start; see $RUN_DIR/mongo.log" >&2; cat "$RUN_DIR/mongo.log" >&2; exit 1; }
  PORT=$(cat "$PORTFILE")
  "$VENV/bin/python" - "$PORT" <<'PY'
import sys, time, pymongo
client = pymongo.MongoClient(f"mongodb://127.0.0.1:{sys.argv[1]}/", serverSelectionTimeoutMS=10000)
client.admin.command("ping")
client.close()
PY
  echo "export MONGODB_URI=mongodb://127.0.0.1:$PORT/story_test" >>"$RUN_DIR/env"
  echo "mongo: mongoeco wire server on 127.0.0.1:$PORT"
  ;;
stop)
  if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
