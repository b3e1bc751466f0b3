#!/usr/bin/env bash
# A fake Cloudinary (scripts/storage/fake_cloudinary.py) on a free loopback port, for the
# CloudinaryStorage tests. It checks signatures as Cloudinary documents them.
#   start: runs it and appends CLOUDINARY_TEST_* to "$RUN_DIR/env".   stop: stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${RUN_DIR:?RUN_DIR must be set}"
PIDFILE="$RUN_DIR/cloudinary.pid"
case "${1:-}" in
start)
  PY=$(command -v python3)
  if [ -n "${TEST_VENV:-}" ] && [ -x "$TEST_VENV/bin/python" ]; then PY="$TEST_VENV/bin/python"; fi
  PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  SECRET=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(20))')
  "$PY" scripts/storage/fake_cloudinary.py --port "$PORT" --cloud story-tests --key 123456789012345 --secret "$SECRET" \
    >"$RUN_DIR/cloudinary.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    "$PY" -c "import urllib.request, urllib.error
try: urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=1)
except urllib.error.HTTPError: pass" 2>/dev/null && break
    sleep 0.1
  done
  {
    echo "export CLOUDINARY_TEST_BASE_URL=http://127.0.0.1:$PORT"
    echo "export CLOUDINARY_TEST_CLOUD_NAME=story-tests"
    echo "export CLOUDINARY_TEST_API_KEY=123456789012345"
    echo "export CLOUDINARY_TEST_API_SECRET=$SECRET"
  } >>"$RUN_DIR/env"
  echo "cloudinary: fake Cloudinary on 127.0.0.1:$PORT"
  ;;
stop)
  if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
