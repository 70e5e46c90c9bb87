#!/usr/bin/env bash
# Raw events against an independent model of events.md (events_differential.py): starts `dev` on a
# scratch data directory, sends lead histories with bad and odd records among the good ones straight
# to `lead-events` (ops/bench/TopicTool.java), and compares the DLQ, `lead-projections`,
# `lead-status-counts` and the API with the model.
# Usage: ops/bench/events-differential.sh   (builds the jar first if needed)
#   SEEDS="1 2 3"   fresh workspaces per seed
#   LEADS=300       leads per workspace (three workspaces)
#   PARTITIONERS="java crc32"   each seed once per partitioner: Java's default (murmur2), and librdkafka's
#                   default (CRC32; Python, Go, .NET, Node clients), whose events `dev` (--input-partitioning
#                   any) moves to their lead's partition
#   CLUSTER=0       1: also two `serve` instances (a standby each, exactly-once) on dev's broker that read
#                   its `lead-events` and write their own outputs (`--topic-prefix b.`); the records are
#                   sent in 12 parts 5 s apart while a loop SIGTERMs and restarts one instance and SIGKILLs
#                   and restarts the other, MOVES times each: the outputs must still hold each change
#                   once and each dead letter once (CLUSTER_PARTITIONER=crc32: most events moved between
#                   partitions through the internal topic meanwhile)
#   MOVES=2
#   INSTANCES=2 STREAM_THREADS=1   the cluster's size (every instance but the first SIGTERMed in turn per move)
#   GUARANTEE=exactly_once_v2      at_least_once: consumers.md says the outputs may then be wrong after a crash
#   CLUSTER_SEED=99
#   KEEP=dir        the cluster check writes the records it sent and, per lead that differs, both sequences
# Exit 1 when something differed from the model (the first differences are printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${SEEDS:-"1 2 3"}
LEADS=${LEADS:-300}
CLUSTER=${CLUSTER:-0}
MOVES=${MOVES:-2}
PARTITIONERS=${PARTITIONERS:-"java crc32"}
CLUSTER_PARTITIONER=${CLUSTER_PARTITIONER:-crc32}
INSTANCES=${INSTANCES:-2}
STREAM_THREADS=${STREAM_THREADS:-1}
GUARANTEE=${GUARANTEE:-exactly_once_v2}
[ -f target/lead-projection.jar ] || mvn -q -B -ntp -DskipTests package
port=18481; kport=19491
dir=$(mktemp -d)
cleanup() {
  pkill -KILL -f "data-dir $dir-b" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir" "$dir.out" "$dir.err" "$dir"-b*
}
trap cleanup EXIT
. ops/bench/dev-lib.sh
start_dev "$dir" "$port" "$kport" 0 "$dir.out" "$dir.err"
pid=$dev_pid
status=0
for seed in $SEEDS; do
  for partitioner in $PARTITIONERS; do
    echo "seed $seed, partitioner $partitioner" >&2
    python3 ops/bench/events_differential.py --api "http://localhost:$port" --bootstrap "localhost:$kport" \
      --leads "$LEADS" --seed "$seed" --partitioner "$partitioner" || status=1
  done
done
[ "$CLUSTER" = 1 ] || exit $status

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
serve() {  # serve <n>: instance n of the second cluster, on dev's broker
  # in a subshell: the shell does not report the SIGKILLed process
  (java -Xmx768m -jar target/lead-projection.jar serve --bootstrap-servers "localhost:$kport" \
    --application-id lead-projection-b --topic-prefix b. --topic-name lead-events=lead-events \
    --cluster-secret "$secret" --port "1848$1" --advertised-url "http://localhost:1848$1" \
    --data-dir "$dir-b$1" --instance-name "b$1" --cap-replication --standby-replicas 1 --stream-threads "$STREAM_THREADS" \
    --processing-guarantee "$GUARANTEE" --rate-limits off >>"$dir-b$1.log" 2>&1 &)
}
ready() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:1848$1/health/ready")" = 200 ]; do sleep 0.5; done
}
apis=""
for n in $(seq 1 "$INSTANCES"); do serve "$n"; apis="$apis${apis:+,}http://localhost:1848$n"; done
for n in $(seq 1 "$INSTANCES"); do ready "$n"; done
python3 ops/bench/events_differential.py --api "$apis" \
  --bootstrap "localhost:$kport" --topic-prefix b. --leads "$LEADS" --seed "${CLUSTER_SEED:-99}" --batches 12 --pause 5 \
  --partitioner "$CLUSTER_PARTITIONER" ${KEEP:+--keep "$KEEP"} &
check=$!
sleep 10
for move in $(seq 1 "$MOVES"); do
  for n in $(seq 2 "$INSTANCES"); do  # each but the first SIGTERMed and restarted in turn
    echo "$(date -u +%T) SIGTERM b$n" >&2
    pkill -TERM -f "data-dir $dir-b$n" || true
    while pgrep -f "data-dir $dir-b$n" >/dev/null; do sleep 0.3; done
    serve "$n"; ready "$n"; sleep 5
  done
  echo "$(date -u +%T) SIGKILL b1" >&2
  pkill -KILL -f "data-dir $dir-b1" || true
  sleep 2
  serve 1; ready 1; sleep 5
done
wait "$check" || status=1
exit $status
