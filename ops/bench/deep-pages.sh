#!/usr/bin/env bash
# Filtered deep pages before/after: HostileBench's deep requests at 1,000,000 leads on another
# commit (A, default main, with this tree's benchmark sources) and then on this working tree (B),
# one after the other (one 1M-lead JVM at a time). Compare CPU p50 and units per request.
#
# Usage: ops/bench/deep-pages.sh [A-ref]     (A-ref "none": this tree only)
#   SIDES="a b" (default; "b a" runs this tree first, "a" only the other commit)
#   LEADS=1000000 RUNS=5 DATASETS=monoculture,numbered JVM_ARGS=-Xmx3g OUT=target/deep-pages
#   REQUESTS=deep-status-middle,...           (default: every deep-* request of HostileBench)
set -euo pipefail
cd "$(dirname "$0")/../.."

A_REF=${1:-main}
LEADS=${LEADS:-1000000}
RUNS=${RUNS:-5}
DATASETS=${DATASETS:-monoculture,numbered}
JVM_ARGS=${JVM_ARGS:--Xmx3g}
OUT=${OUT:-target/deep-pages}
REQUESTS=${REQUESTS:-deep-status-middle,deep-status-last,deep-search-middle,deep-search-last-lastName,deep-company-middle,deep-status-page-10,deep-status-quarter-lastName-asc,deep-search-quarter-company-desc,deep-status-source-middle,deep-contacted-last-lastContacted-asc,deep-unfiltered-middle-company}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. ops/bench/ab-lib.sh

run() {
  (cd "$1" && mvn -o -B -ntp -Pbench test-compile failsafe:integration-test -Dit.test=HostileBench \
    -Dbench.leads="$LEADS" -Dbench.runs="$RUNS" -Dbench.datasets="$DATASETS" \
    -Dbench.requests="$REQUESTS" "-Dbench.jvm.args=$JVM_ARGS" >"$2" 2>&1) || true
  echo "== $3 ($(uptime))"
  grep -h 'BENCH' "$2" || tail -30 "$2"
}

SIDES=${SIDES:-a b}
[ "$A_REF" != none ] || SIDES=b
a_dir=
trap '[ -z "$a_dir" ] || rm -rf "$a_dir"' EXIT
for side in $SIDES; do
  if [ "$side" = a ]; then
    a_dir=$(ab_copy "$A_REF" deep-pages-a)
    run "$a_dir" "$OUT/a.log" "A = $A_REF ($(git rev-parse --short "$A_REF"))"
  else
    run "$PWD" "$OUT/b.log" "B = this tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ', with changes'))"
  fi
done
