#!/usr/bin/env bash
# Runs the store conformance suite on MongoStore under valgrind and prints its leak summary.
#   MONGODB_URI=… scripts/mongo/leakcheck.sh [ROUNDS]
# Builds a throw-away package in a temp directory from the sources of Protocols, CMongoC, MongoStore and
# StoreConformance (symlinked) plus scripts/mongo/leakcheck/main.swift, because valgrind 3.19 cannot run
# the Swift Testing bundle (DWARF 5, async main): the harness waits on a semaphore, and its debug info is
# stripped. "possibly lost" blocks are the Swift runtime's metadata caches.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${MONGODB_URI:?MONGODB_URI must be set (scripts/services/mongo.sh start)}"
ROOT=$PWD
WORK=$(mktemp -d /tmp/mongo-leakcheck.XXXXXX)
mkdir -p "$WORK/Sources/Leak"
ln -s "$ROOT/Sources/Protocols" "$WORK/Sources/Protocols"
ln -s "$ROOT/Plugins/CMongoC" "$WORK/Sources/CMongoC"
ln -s "$ROOT/Plugins/MongoStore" "$WORK/Sources/MongoStore"
ln -s "$ROOT/Tests/StoreConformance" "$WORK/Sources/StoreConformance"
cp scripts/mongo/leakcheck/main.swift "$WORK/Sources/Leak/main.swift"
cat >"$WORK/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "leakcheck",
    targets: [
        .target(name: "Protocols"),
        .systemLibrary(name: "CMongoC", pkgConfig: "libmongoc-1.0"),
        .target(name: "MongoStore", dependencies: ["Protocols", "CMongoC"]),
        .target(name: "StoreConformance", dependencies: ["Protocols"]),
        .executableTarget(name: "Leak", dependencies: ["MongoStore", "StoreConformance", "Protocols"]),
    ]
)
SWIFT
(cd "$WORK" && swift build >/dev/null)
strip --strip-debug -o "$WORK/leak" "$WORK/.build/debug/Leak"
ROUNDS=${1:-1} valgrind --leak-check=full --num-callers=30 --log-file="$WORK/valgrind.log" "$WORK/leak"
grep -A1 "HEAP SUMMARY" "$WORK/valgrind.log" | tail -1; grep -A1 "in use at exit" "$WORK/valgrind.log" | tail -1; grep -A5 "LEAK SUMMARY" "$WORK/valgrind.log" | tail -5
echo "full log: $WORK/valgrind.log"
