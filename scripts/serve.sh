#!/usr/bin/env bash
# The start command: installs what is missing and starts the server on SQLite and local files,
# port 8000, GraphiQL at http://localhost:8000/graphql/. Extra arguments go to story-server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DEBUG="${DEBUG:-true}"
swift build -c release --product story-server
exec .build/release/story-server serve "$@"
