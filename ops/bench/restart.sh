#!/usr/bin/env bash
# Issue 12 (a), repeated (RestartBench): one `serve` restarted on its local state RESTARTS times,
# each start timed (a poller every 20 ms from the start) to its first stale-labelled complete answer
# (`first_stale`: 200, the full total, `X-Lead-Data-Staleness`), to ready, and to a complete answer
# (the full total, no staleness header), with the process's CPU seconds by then (total
# and per kind of thread) and its `start-up:` lines. The data (broker log, the service's data
# directory) is prepared once in DIR and kept: the first run ingests LEADS leads (minutes at 1M),
# later runs only restart. COMPARE=<git ref> builds that ref too and alternates the restarts between
# the two jars (this build on odd rounds), so both run at the same load.
#
# Usage: ops/bench/restart.sh
#   LEADS=1000000      generated leads in ws_bench
#   RESTARTS=4         restarts measured
#   SERVICE_XMX=2g     the service's -Xmx
#   SERVICE_JVM=""     more JVM options of the service, e.g. "-Xms2g" (both jars)
#   COMPARE=""         a git ref (e.g. main) to compare with, or "self" (this jar, other JVM options)
#   COMPARE_JVM        the compared jar's extra JVM options (default: SERVICE_JVM)
#   COMPARE_OWN_DATA=0 1: the compared jar restarts on its own copy of the service's data directory
#                      (DIR/service-compare, copied once), so each jar starts on what it saved itself
#   CDS=none           this|compare|both: those jars start with a class-data-sharing archive made
#                      for them by ops/cds-archive.sh (a `dev` training run) before the restarts
#   DIR=target/restart-bench-$LEADS   the prepared data, kept between runs (delete it to prepare anew)
#   BENCH_JVM=""       JVM options of the benchmark's own JVM (generator, broker), e.g. "-Xmx3g"
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-1000000}
RESTARTS=${RESTARTS:-4}
SERVICE_XMX=${SERVICE_XMX:-2g}
SERVICE_JVM=${SERVICE_JVM:-}
COMPARE_JVM=${COMPARE_JVM-$SERVICE_JVM}
CDS=${CDS:-none}
COMPARE=${COMPARE:-}
COMPARE_OWN_DATA=${COMPARE_OWN_DATA:-0}
DIR=${DIR:-target/restart-bench-$LEADS}
BENCH_JVM=${BENCH_JVM:-}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
compare_jar=""
if [ "$COMPARE" = self ]; then
  compare_jar=self
elif [ -n "$COMPARE" ]; then
  src="$DIR/compare-$(git rev-parse --short "$COMPARE")"
  if [ ! -f "$src/target/lead-projection.jar" ]; then
    log "building $COMPARE in $src"
    rm -rf "$src" && mkdir -p "$src"
    git archive "$COMPARE" | tar -x -C "$src"
    (cd "$src" && mvn -o -q -B -ntp -DskipTests package) >"$DIR/compare-build.log" 2>&1 \
      || { tail -30 "$DIR/compare-build.log" >&2; exit 1; }
  fi
  compare_jar="$src/target/lead-projection.jar"
fi
log "RestartBench: $LEADS leads, $RESTARTS restarts, -Xmx$SERVICE_XMX $SERVICE_JVM, compare ${COMPARE:-none} $COMPARE_JVM, CDS $CDS; $(uptime)"
out="$DIR/maven-$(date -u +%Y%m%dT%H%M%S).log"
mvn -o -q -B -ntp -Pbench verify -Dit.test=RestartBench \
  -Dbench.leads="$LEADS" -Dbench.restarts="$RESTARTS" -Dbench.service.xmx="$SERVICE_XMX" \
  -Dbench.service.jvm="$SERVICE_JVM" -Dbench.compare.jvm="$COMPARE_JVM" -Dbench.cds="$CDS" \
  -Dbench.compare.jar="$compare_jar" -Dbench.compare.ownData="$([ "$COMPARE_OWN_DATA" = 1 ] && echo true || echo false)" \
  -Dbench.dir="$DIR" -Dbench.jvm.args="$BENCH_JVM" \
  >"$out" 2>&1 || { grep '^BENCH' "$out" >&2 || true; tail -40 "$out" >&2; log "RestartBench failed; see $out"; exit 1; }
grep '^BENCH' "$out"
log "done; $(uptime)"
