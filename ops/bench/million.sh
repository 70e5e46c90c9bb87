#!/usr/bin/env bash
# Issue 5's benchmark: ours (MillionBench: the jar's `serve` as its own process, the broker and the
# load in the benchmark's JVM) against the PostgreSQL baseline (ops/bench/postgres.sh), in one
# table, with every other figure of the issue (ingest, freshness, memory, restarts, cursor export)
# and its target marked MET or MISSED. Run it on a quiet machine: everything shares the cores.
#
# Usage: ops/bench/million.sh
#   LEADS=1000000                        generated leads in ws_bench (plus 100 workspaces of 50)
#   DISTRIBUTION=uniform                 or skewed: frequent names and words (generate --distribution);
#                                        also passed to postgres.sh with PG=run
#   QUERY_SECONDS=10 WARMUP_SECONDS=3    per shape and client count (1, 2 and 16 clients)
#   WARMUP_ALL_SECONDS=30                before each query mix, every shape in turn at 16 clients
#                                        (the JIT compiles the query path); figure query-cold-p99
#   FRESHNESS_RATE=5000 FRESHNESS_SECONDS=30
#   SERVICE_XMX=1g                       the service's -Xmx
#   SERVICE_JVM=-XX:TrimNativeHeapInterval=5000   more JVM options of the service (default: those
#                                        of ops/Dockerfile beside the heap; e.g. -Dleads.rocksdb.memory.mib=192)
#   SERVICE_MALLOC_ARENA_MAX=2           the service's MALLOC_ARENA_MAX, as ops/Dockerfile sets it
#                                        (empty: glibc's default, 8 arenas per core)
#   QUERY_AFTER_RESTART=0                1: the query mix once more after the restarts (rows <shape>-restarted)
#   EXPORT=1 CHANGELOG_RESTART=1         0 skips the cursor export through every lead / the restart
#                                        from wiped local state (minutes each at 10,000,000 leads)
#   BENCH_JVM_ARGS=                      more options for the benchmark's own JVM (-Xmx4g already)
#   PG=auto                              auto: use PG_RESULTS if it exists; run: run postgres.sh
#                                        (LEADS, CLIENTS=2) after ours; skip: no PostgreSQL columns
#   PG_RESULTS=target/pg-bench/summary.md   postgres.sh's summary.md, or a file of its `PG shape=` lines
#   WRITE_DOCS=1                         also put the report into docs/benchmarks.md (between the
#                                        million-bench markers)
#   OUT=target/million-bench             bench.log, report.md, service-logs/
# Prints the report; it is also written to $OUT/report.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-1000000}
QUERY_SECONDS=${QUERY_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-3}
WARMUP_ALL_SECONDS=${WARMUP_ALL_SECONDS:-30}
FRESHNESS_RATE=${FRESHNESS_RATE:-5000}
FRESHNESS_SECONDS=${FRESHNESS_SECONDS:-30}
SERVICE_XMX=${SERVICE_XMX:-1g}
SERVICE_JVM=${SERVICE_JVM--XX:TrimNativeHeapInterval=5000}
SERVICE_MALLOC_ARENA_MAX=${SERVICE_MALLOC_ARENA_MAX-2}
BENCH_JVM_ARGS=${BENCH_JVM_ARGS:-}
PG=${PG:-auto}
PG_RESULTS=${PG_RESULTS:-target/pg-bench/summary.md}
WRITE_DOCS=${WRITE_DOCS:-0}
OUT=${OUT:-target/million-bench}
DISTRIBUTION=${DISTRIBUTION:-uniform}
EXPORT=${EXPORT:-1}
CHANGELOG_RESTART=${CHANGELOG_RESTART:-1}
QUERY_AFTER_RESTART=${QUERY_AFTER_RESTART:-0}
bool() { [ "$1" = 1 ] && echo true || echo false; }

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log "MillionBench: $LEADS leads, service -Xmx$SERVICE_XMX $SERVICE_JVM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
# verify builds the jar (package) before failsafe runs the benchmark against it.
mvn -q -B -ntp -Pbench verify -Dit.test=MillionBench \
  -Dbench.leads="$LEADS" -Dbench.distribution="$DISTRIBUTION" -Dbench.query.seconds="$QUERY_SECONDS" -Dbench.warmup.seconds="$WARMUP_SECONDS" -Dbench.warmup.all.seconds="$WARMUP_ALL_SECONDS" \
  -Dbench.freshness.rate="$FRESHNESS_RATE" -Dbench.freshness.seconds="$FRESHNESS_SECONDS" \
  -Dbench.service.xmx="$SERVICE_XMX" -Dbench.service.jvm="$SERVICE_JVM" -Dbench.service.malloc.arena.max="$SERVICE_MALLOC_ARENA_MAX" -Dbench.out="$OUT" -Dbench.jvm.args="$BENCH_JVM_ARGS" \
  -Dbench.export="$(bool "$EXPORT")" -Dbench.restart.changelog="$(bool "$CHANGELOG_RESTART")" -Dbench.query.afterRestart="$(bool "$QUERY_AFTER_RESTART")" \
  >"$OUT/maven.log" 2>&1 || { tail -50 "$OUT/maven.log" >&2; log "MillionBench failed; see $OUT/maven.log"; exit 1; }
log "MillionBench done in $(( $(date +%s) - started ))s"

pg_args=()
case "$PG" in
  run)
    LEADS=$LEADS DISTRIBUTION=$DISTRIBUTION CLIENTS=2 OUT="$OUT/pg" ops/bench/postgres.sh >"$OUT/pg.log"
    pg_args=(--pg "$OUT/pg/summary.md") ;;
  auto)
    if [ -f "$PG_RESULTS" ]; then pg_args=(--pg "$PG_RESULTS"); else log "no $PG_RESULTS: PostgreSQL columns stay empty"; fi ;;
  skip) ;;
  *) echo "PG must be auto, run or skip" >&2; exit 2 ;;
esac
docs_args=()
[ "$WRITE_DOCS" = 1 ] && docs_args=(--docs docs/benchmarks.md)

python3 ops/bench/million_report.py --bench "$OUT/bench.log" "${pg_args[@]}" "${docs_args[@]}" \
  | tee "$OUT/report.md"
