#!/usr/bin/env bash
# Times MusicGen (musicgen-small architecture, random weights, no download) generating 15 s clips, and
# prints seconds per clip as JSON; also writes it to bench/musicgen/results/<device>-<date>.json.
#
#   bench/musicgen/run_bench.sh [--seconds 15] [--runs 2] [--device auto|cpu|cuda] [--dtype float32|float16]
#
# Needs Python with torch and transformers (PYTHON=… picks it, default python3):
#   python3 -m venv /tmp/mg && /tmp/mg/bin/pip install torch transformers && PYTHON=/tmp/mg/bin/python bench/musicgen/run_bench.sh
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if ! "$PY" -c "import torch, transformers" 2>/dev/null; then
  echo "run_bench: $PY cannot import torch and transformers: pip install torch transformers (or set PYTHON)" >&2
  exit 2
fi
mkdir -p results
out=$("$PY" bench_musicgen.py "$@" 2> >(grep -v "pad_token_id must be\|bos_token_id must be" >&2))
echo "$out"
device=$(printf '%s' "$out" | "$PY" -c "import json,sys; d=json.load(sys.stdin); print((d['device_name'] or d['device']).replace(' ', '-'))")
printf '%s\n' "$out" > "results/${device}-$(date -u +%Y%m%dT%H%M%SZ).json"
