#!/usr/bin/env bash
# Builds the libFuzzer target of the wire decoder (Fuzz/WireDecoderFuzzer) and runs it.
#
#   Scripts/fuzz-wire.sh [SECONDS] [LIBFUZZER_FLAG...]     (default 60 seconds; `make fuzz` runs it)
#
# The target needs only the wire codec, so rather than building the whole package with
# `-sanitize=fuzzer` (whose libFuzzer `main` would clash with the executable's), this compiles
# Sources/PreIndexWire (C, with coverage instrumentation) and Sources/Cluster/Wire as a module named
# Cluster, then links the fuzzer against them: the fuzzer calls the same public API as the package.
# It also compiles Tests/ClusterTests/WireSamples.swift (the seed corpus) and WireRoundTrip.swift (the
# property every input must satisfy). libprotobuf-c itself is the system library, not instrumented.
#
# Everything goes to .build-fuzz/: the persistent corpus in corpus/ (grows across runs), the seeds in
# seeds/ (rewritten each run), and any crashing input in crashes/ (re-run one with
# `.build-fuzz/wire-decoder-fuzzer CRASH_FILE`). Exits non-zero when libFuzzer finds a crash.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
build="$root/.build-fuzz"
swift_bin=$(dirname "$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)")
swiftc="$swift_bin/swiftc"
clang="$swift_bin/clang"
[ -x "$swiftc" ] && [ -x "$clang" ] || { echo "swiftc and clang of the Swift toolchain not found on PATH" >&2; exit 1; }

mkdir -p "$build/objects" "$build/modules" "$build/include/PreIndexWire" "$build/corpus" "$build/crashes"

# The generated C messages, instrumented for coverage but not linked with libFuzzer's main.
cat >"$build/include/PreIndexWire/module.modulemap" <<MAP
module PreIndexWire {
    umbrella header "$root/Sources/PreIndexWire/include/PreIndexWire.h"
    export *
}
MAP
for source in "$root"/Sources/PreIndexWire/*.c; do
    "$clang" -O1 -g -fsanitize=fuzzer-no-link -I "$root/Sources/PreIndexWire/include" \
        -c "$source" -o "$build/objects/$(basename "$source" .c).o"
done

# The wire codec as module Cluster.
"$swiftc" -O -g -sanitize=fuzzer -parse-as-library -module-name Cluster -swift-version 6 \
    -I "$build/include/PreIndexWire" -I "$root/Sources/CProtobufC" \
    -emit-module -emit-module-path "$build/modules/Cluster.swiftmodule" \
    -emit-library -static -o "$build/libCluster.a" \
    "$root"/Sources/Cluster/Wire/*.swift

# The fuzzer, linked with libFuzzer.
"$swiftc" -O -g -sanitize=fuzzer -parse-as-library -module-name WireDecoderFuzzer -swift-version 6 \
    -I "$build/modules" -I "$build/include/PreIndexWire" -I "$root/Sources/CProtobufC" \
    "$root/Fuzz/WireDecoderFuzzer/WireDecoderFuzzer.swift" \
    "$root/Tests/ClusterTests/WireSamples.swift" "$root/Tests/ClusterTests/WireRoundTrip.swift" \
    "$build/libCluster.a" "$build"/objects/*.o -lprotobuf-c \
    -o "$build/wire-decoder-fuzzer"

rm -rf "$build/seeds"
"$build/wire-decoder-fuzzer" --write-seeds="$build/seeds"

# Swift's own crash backtracer would take the signal before libFuzzer saves the crashing input.
SWIFT_BACKTRACE=enable=no "$build/wire-decoder-fuzzer" "$build/corpus" "$build/seeds" \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$build/crashes/" "$@"
