#!/usr/bin/env bash
# Installs what is missing on a fresh Debian machine: system libraries, and a Python
# virtual environment with the test servers (mongoeco, moto). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pkg-config libsqlite3-dev libssl-dev libcurl4-openssl-dev libmongoc-dev libbson-dev
  libespeak-ng-dev espeak-ng-data libmp3lame-dev sox libsox-fmt-mp3 curl sqlite3)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
  [ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH
  command -v swift >/dev/null || { echo "setup: Swift 6.1 or later is needed (https://swift.org/install)" >&2; exit 1; }
fi
