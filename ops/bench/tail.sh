#!/usr/bin/env bash
# Issue 13: where the p99 of list queries comes from (TailBench). The service (`serve`, its own
# process, -Xms = -Xmx = 1536m as ops/runbook.md sizes a million leads and ops/k8s sets, and
# MALLOC_ARENA_MAX=2 as in MillionBench) runs over data prepared once in DIR;
# each shape at 1, 2 and 16 closed-loop clients, per row: the client's percentiles, the service's
# own histogram, CPU and allocation per request, the stop-the-world pauses of the service and of
# the benchmark's JVM (client + broker) during the row, and how many of the slowest 1 % met one.
# CONFIGS="A|B" runs the service once per JVM option set, ROUNDS times in turn (A, B, A, B, ...).
#
# Usage: ops/bench/tail.sh
#   LEADS=1000000 DISTRIBUTION=skewed   the data (generated, ingested once: minutes at 1M)
#   DIR=target/tail-bench-$LEADS-$DISTRIBUTION   the prepared data, kept between runs
#   APPLICATION_ID=tail-bench           restart-bench to reuse a copy of RestartBench's DIR
#   SERVICE_XMX=1536m                   the service's -Xms and -Xmx (measuring; preparing: -Xmx only)
#   CONFIGS=""                          service JVM option sets, separated by |, e.g.
#                                       "|-XX:MaxGCPauseMillis=5" (the first: none beyond -Xmx)
#   JARS=""                             the jar of each config, separated by | as CONFIGS (empty: this
#                                       build's), e.g. "/tmp/main.jar|" to compare main with this tree
#   ROUNDS=1  CLIENTS=1,2,16  CLIENT=java   java,wrk also drives every row with wrk (apt-get install wrk)
#   SHAPES=""                           QueryShape names, comma-separated (empty: all 16, the 4 last
#                                       with another page or request each time: QueryShape.varied)
#   QUERY_SECONDS=10 WARMUP_SECONDS=3   a row's time, and its shape's warm-up just before it
#   WARMUP_ALL_SECONDS=30               after each service start, every shape in turn (2 clients)
#   SERVICE_MAX_IN_FLIGHT=0             the service's --max-in-flight (0: its default, 8 on 2 cores;
#                                       runs before 2026-12-05 used 32)
#   SLOWEST=0                           N > 0: each row also prints its N slowest requests (BENCH slowest)
#   OUT=target/tail-bench.log           the Maven output; BENCH lines are printed at the end
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-1000000}
DISTRIBUTION=${DISTRIBUTION:-skewed}
DIR=${DIR:-target/tail-bench-$LEADS-$DISTRIBUTION}
APPLICATION_ID=${APPLICATION_ID:-tail-bench}
SERVICE_XMX=${SERVICE_XMX:-1536m}
CONFIGS=${CONFIGS:-}
JARS=${JARS:-}
ROUNDS=${ROUNDS:-1}
CLIENTS=${CLIENTS:-1,2,16}
CLIENT=${CLIENT:-java}
SHAPES=${SHAPES:-}
QUERY_SECONDS=${QUERY_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-3}
WARMUP_ALL_SECONDS=${WARMUP_ALL_SECONDS:-30}
SERVICE_MAX_IN_FLIGHT=${SERVICE_MAX_IN_FLIGHT:-0}
SLOWEST=${SLOWEST:-0}
OUT=${OUT:-target/tail-bench.log}

mkdir -p "$DIR" "$(dirname "$OUT")"
DIR=$(cd "$DIR" && pwd)
client_log="$DIR/client-pauses-$(date -u +%Y%m%dT%H%M%S).log"
echo "TailBench: $LEADS $DISTRIBUTION leads in $DIR, -Xmx$SERVICE_XMX, configs [$CONFIGS] x $ROUNDS; $(uptime)" >&2
mvn -o -B -ntp -Pbench verify -Dit.test=TailBench \
  -Dbench.leads="$LEADS" -Dbench.distribution="$DISTRIBUTION" -Dbench.dir="$DIR" \
  -Dbench.application.id="$APPLICATION_ID" -Dbench.service.xmx="$SERVICE_XMX" \
  "-Dbench.configs=$CONFIGS" "-Dbench.jars=$JARS" -Dbench.rounds="$ROUNDS" -Dbench.clients="$CLIENTS" -Dbench.client="$CLIENT" \
  -Dbench.shapes="$SHAPES" -Dbench.query.seconds="$QUERY_SECONDS" -Dbench.warmup.seconds="$WARMUP_SECONDS" -Dbench.warmup.all.seconds="$WARMUP_ALL_SECONDS" \
  -Dbench.maxInFlight="$SERVICE_MAX_IN_FLIGHT" -Dbench.slowest="$SLOWEST" -Dbench.client.pauselog="$client_log" "-Dbench.jvm.args=-Xlog:safepoint,gc:file=$client_log:tn,tags" \
  >"$OUT" 2>&1 || { grep '^BENCH' "$OUT" >&2 || true; tail -40 "$OUT" >&2; echo "TailBench failed; see $OUT" >&2; exit 1; }
grep '^BENCH' "$OUT"
echo "done; $(uptime)" >&2
