#!/usr/bin/env python3
"""Fails on any breaking change of our schema against the old server's contract.

Usage: schema_compat.py OUR_SDL CONTRACT_DIR ALLOW_LIST

The contract is old-server.graphql and todo-frontend.graphql loaded together. Breaking changes are
graphql-core's find_breaking_changes (the reference implementation's rules). Each allow-list line is
`<Type.field or Type> <reason>`; a listed change is reported but does not fail. An allow-list entry
that no longer matches anything fails too, so the list cannot silently grow stale.
"""
import re
import sys
from pathlib import Path

from graphql import build_schema, find_breaking_changes


def subject(description: str) -> str:
    """The `Type.field` (or `Type`) a change description is about."""
    dotted = re.search(r"\b([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)", description)
    if dotted:
        return dotted.group(1)
    named = re.match(r"^([A-Za-z_][A-Za-z0-9_]*) ", description)
    return named.group(1) if named else description


def main() -> int:
    ours_path, contract_dir, allow_path = sys.argv[1:4]
    contract = "\n".join(
        (Path(contract_dir) / name).read_text() for name in ("old-server.graphql", "todo-frontend.graphql"))
    old = build_schema(contract)
    new = build_schema(Path(ours_path).read_text())

    allowed: dict[str, str] = {}
    for line in Path(allow_path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, reason = line.partition(" ")
        if not reason.strip():
            print(f"allow-list entry {key!r} has no reason", file=sys.stderr)
            return 2
        allowed[key] = reason.strip()

    changes = find_breaking_changes(old, new)
    failures, used = [], set()
    for change in changes:
        key = subject(change.description)
        if key in allowed:
            used.add(key)
            print(f"allowed  {change.type.name}: {change.description}  ({allowed[key]})")
        else:
            failures.append(change)
            print(f"BREAKING {change.type.name}: {change.description}")
    for key in sorted(set(allowed) - used):
        print(f"STALE    allow-list entry {key} matches no breaking change: remove it")
    stale = set(allowed) - used
    print(f"{len(changes)} breaking changes against the contract, {len(changes) - len(failures)} allowed, "
          f"{len(failures)} not allowed")
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
