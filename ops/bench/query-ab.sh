#!/usr/bin/env bash
# Query CPU A/B: QueryBench on another commit (A, default main) and on this working tree (B), both
# at the same time, so that the machine's load weighs on both alike. A runs with this tree's
# benchmark sources (src/test/java/ai/buena/leads/bench), so only the service's code differs.
# The figure to compare is serverCpuMicrosPerRequest (CPU of Jetty's threads per request).
#
# Usage: ops/bench/query-ab.sh [A-ref [B-ref]]   (B-ref: run B from that commit's copy, so the
#                                                 working tree may change meanwhile)
#   LEADS=300000 REQUESTS=2000 WARMUP=500 CLIENTS=1,2,16 SHAPES= JVM_ARGS=-Xmx2g
#   JVM_ARGS_A, JVM_ARGS_B     one side's own (e.g. -XX:StartFlightRecording=filename=/tmp/b.jfr,settings=profile)
#   OUT=target/query-ab        a.log, b.log (the Maven output of each side)
set -euo pipefail
cd "$(dirname "$0")/../.."

A_REF=${1:-main}
B_REF=${2:-}
LEADS=${LEADS:-300000}
REQUESTS=${REQUESTS:-2000}
WARMUP=${WARMUP:-500}
CLIENTS=${CLIENTS:-1,2,16}
SHAPES=${SHAPES:-}
JVM_ARGS=${JVM_ARGS:--Xmx2g}
JVM_ARGS_A=${JVM_ARGS_A:-$JVM_ARGS}
JVM_ARGS_B=${JVM_ARGS_B:-$JVM_ARGS}
OUT=${OUT:-target/query-ab}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. ops/bench/ab-lib.sh
a_dir=$(ab_copy "$A_REF" query-ab-a)
b_dir=$PWD
if [ -n "$B_REF" ]; then
  b_dir=$(ab_copy "$B_REF" query-ab-b)
fi
trap 'rm -rf "$a_dir"; [ "$b_dir" = "$PWD" ] || rm -rf "$b_dir"' EXIT

run() {
  (cd "$1" && mvn -o -B -ntp -Pbench verify -Dit.test=QueryBench -Dbench.leads="$LEADS" \
    -Dbench.requests="$REQUESTS" -Dbench.warmup="$WARMUP" -Dbench.clients="$CLIENTS" \
    -Dbench.shapes="$SHAPES" "-Dbench.jvm.args=$3" >"$2" 2>&1)
}
echo "A = $A_REF ($(git rev-parse --short "$A_REF")), B = ${B_REF:-this tree} ($(git rev-parse --short "${B_REF:-HEAD}")$([ -n "$B_REF" ] || git diff --quiet HEAD -- src || echo ', with changes')); $(uptime)"
ab_both run "$OUT" "$a_dir" "$b_dir" "$JVM_ARGS_A" "$JVM_ARGS_B"
