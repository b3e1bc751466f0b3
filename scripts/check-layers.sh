#!/usr/bin/env bash
# The layers of issue 11, checked by grep (run by scripts/test.sh):
# - no GraphQL resolver or type calls a store port: they call the Domain services, which ask the
#   access policy (GraphQL/Loaders.swift batches reads for the fields, and is not a resolver);
# - Sources/Domain depends on Protocols only.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if hits=$(grep -rnE '(context\.|\bservices\.|self\.|\b)store\.[a-zA-Z]+\(|store: (context\.)?services\.store|context\.store\b' \
    Sources/Host/Domains --include='*Resolvers.swift' --include='*Type.swift' --include='*Schema.swift'); then
  echo "check-layers: resolvers must call a Domain service, not a store port:" >&2
  echo "$hits" >&2
  status=1
fi
if hits=$(grep -rnE '^import ' Sources/Domain | grep -vE 'import (Protocols|Foundation)$'); then
  echo "check-layers: Sources/Domain imports Protocols and Foundation only:" >&2
  echo "$hits" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "check-layers: resolvers go through the Domain services; Domain depends on Protocols only"
exit "$status"
