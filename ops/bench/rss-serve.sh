#!/usr/bin/env bash
# Resident memory of `serve` (the service alone, as MillionBench measures it) phase by phase at
# 1,000,000 leads, with the JVM's and RocksDB's shares (RssBench): on a fresh copy of data that
# ops/bench/restart.sh prepared (SOURCE), one run per variant of the service's JVM options, one
# after the other. Phases: restart on local state, cursor export of every lead, 3 s of each query
# shape at 2 clients, 150,000 LeadCreated at 5,000/s (1.13M leads, as MillionBench's last phase).
#
# Usage: SOURCE=/tmp/restart-1m ops/bench/rss-serve.sh "-Xmx1g" "-Xmx1g -Dleads.rocksdb.memory.mib=64"
#   SOURCE           a RestartBench data directory (prepared.properties, kafka/, service/); never
#                    used in place: each variant runs on a copy in WORK (deleted afterwards)
#   WORK=/tmp/rss-serve-work   where the copy goes
#   NMT=1            adds -XX:NativeMemoryTracking=summary to every variant (costs a few MiB of RSS
#                    itself, the same in every variant)
#   MALLOC_ARENA_MAX=2   the service's (empty: glibc's default)
#   QUERY_SECONDS=3 FRESHNESS_SECONDS=30 FRESHNESS_RATE=5000 (LeadCreated events a second)
#   FRESHNESS_WARMUP_SECONDS=0   a first probe at the same rate before the measured one (its leads
#                    are added too), so that the measured one finds the ingest path compiled
#   RETRY_MICROS=0   how long each freshness poller pauses after a sample not yet visible (0: it asks
#                    again at once, so while the service is behind the two pollers ask without pause)
# Prints the `BENCH rss` lines of each variant; maven logs stay in WORK/../rss-serve-*.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

SOURCE=${SOURCE:?set SOURCE to a RestartBench data directory (ops/bench/restart.sh)}
WORK=${WORK:-/tmp/rss-serve-work}
NMT=${NMT:-1}
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}
QUERY_SECONDS=${QUERY_SECONDS:-3}
RETRY_MICROS=${RETRY_MICROS:-0}
FRESHNESS_WARMUP_SECONDS=${FRESHNESS_WARMUP_SECONDS:-0}
FRESHNESS_SECONDS=${FRESHNESS_SECONDS:-30}
FRESHNESS_RATE=${FRESHNESS_RATE:-5000}
[ $# -gt 0 ] || set -- "-Xmx1g"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
[ -f target/lead-projection.jar ] || mvn -o -q -B -ntp -DskipTests package
for variant in "$@"; do
  jvm="$variant"
  [ "$NMT" = 1 ] && jvm="$jvm -XX:NativeMemoryTracking=summary"
  rm -rf "$WORK" && cp -a "$SOURCE" "$WORK"
  out="$(dirname "$WORK")/rss-serve-$(date -u +%Y%m%dT%H%M%S).log"
  log "variant [$jvm] MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset} on a copy of $SOURCE; $(uptime)"
  mvn -o -q -B -ntp -Pbench verify -Dit.test=RssBench -Dbench.dir="$WORK" -Dbench.service.jvm="$jvm" \
    -Dbench.service.malloc.arena.max="$MALLOC_ARENA_MAX" -Dbench.query.seconds="$QUERY_SECONDS" \
    -Dbench.freshness.seconds="$FRESHNESS_SECONDS" -Dbench.freshness.rate="$FRESHNESS_RATE" \
    -Dbench.freshness.warmup.seconds="$FRESHNESS_WARMUP_SECONDS" "-Dbench.jvm.args=-Xmx2g -Dbench.freshness.retry.micros=$RETRY_MICROS" >"$out" 2>&1 \
    || { grep '^BENCH' "$out" >&2 || true; tail -40 "$out" >&2; log "RssBench failed; see $out"; rm -rf "$WORK"; exit 1; }
  grep '^BENCH' "$out"
  rm -rf "$WORK"
done
log "done; $(uptime)"
