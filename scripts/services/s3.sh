#!/usr/bin/env bash
# moto_server on a free loopback port, with signature checking on, for the S3Storage tests
# (scripts/storage/moto_server.py adds presigned-URL checking and anonymous reads of public objects).
#   start: runs the server, creates an IAM user/key/policy and the test bucket (scripts/storage/s3_setup.py),
#          appends S3_TEST_* to "$RUN_DIR/env".
#   stop:  stops the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${RUN_DIR:?RUN_DIR must be set}"
PIDFILE="$RUN_DIR/s3.pid"
case "${1:-}" in
start)
  VENV=${TEST_VENV:-$(scripts/test-venv.sh)}
  PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  INITIAL_NO_AUTH_ACTION_COUNT=6 "$VENV/bin/python" scripts/storage/moto_server.py -H 127.0.0.1 -p "$PORT" >"$RUN_DIR/s3.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/moto-api/data.json', timeout=1)" 2>/dev/null && break
    sleep 0.2
  done
  "$VENV/bin/python" scripts/storage/s3_setup.py "http://127.0.0.1:$PORT" eu-west-1 story-tests >>"$RUN_DIR/env"
  echo "s3: moto_server on 127.0.0.1:$PORT (signature checking on)"
  ;;
stop)
  if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
