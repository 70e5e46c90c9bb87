#!/usr/bin/env bash
# Cursor export A/B: ExportBench on another commit (A, default main) and on this working tree (B),
# both at the same time, so that the machine's load weighs on both alike. A runs with this tree's
# benchmark sources (src/test/java/ai/buena/leads/bench), so only the service's code differs.
#
# Usage: ops/bench/export-ab.sh [A-ref]
#   LEADS=100000 PASSES=8 JVM_ARGS=-Xmx2g    as ExportBench's bench.leads, bench.passes, bench.jvm.args
#   JVM_ARGS_A, JVM_ARGS_B                   one side's own (e.g. a JFR recording to its own file)
#   OUT=target/export-ab                     a.log, b.log (the Maven output of each side)
# Prints each side's BENCH lines and `uptime`.
set -euo pipefail
cd "$(dirname "$0")/../.."

A_REF=${1:-main}
LEADS=${LEADS:-100000}
PASSES=${PASSES:-8}
JVM_ARGS=${JVM_ARGS:--Xmx2g}
JVM_ARGS_A=${JVM_ARGS_A:-$JVM_ARGS}
JVM_ARGS_B=${JVM_ARGS_B:-$JVM_ARGS}
OUT=${OUT:-target/export-ab}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. ops/bench/ab-lib.sh
a_dir=$(ab_copy "$A_REF" export-ab-a)
trap 'rm -rf "$a_dir"' EXIT

run() {
  (cd "$1" && mvn -o -B -ntp -Pbench verify -Dit.test=ExportBench -Dbench.leads="$LEADS" \
    -Dbench.passes="$PASSES" "-Dbench.jvm.args=$3" >"$2" 2>&1)
}
echo "A = $A_REF ($(git rev-parse --short "$A_REF")), B = this tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ', with changes')); $(uptime)"
ab_both run "$OUT" "$a_dir" "$PWD" "$JVM_ARGS_A" "$JVM_ARGS_B"
