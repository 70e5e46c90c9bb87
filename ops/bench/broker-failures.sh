#!/usr/bin/env bash
# Reads and writes through a broker failure: three KRaft brokers (each broker and controller,
# replication 3, min.insync.replicas 2) started from the Kafka server jars in the Maven
# repository, two `serve` instances of the jar, LEADS leads in ws_bench, then under load (a poller
# asking each instance every 50 ms, a writer POSTing leads with Idempotency-Keys, a feeder
# producing FEED_LEADS more leads of another workspace) one failure of broker 2. Prints what the
# clients saw (ops/bench/broker_failures.py) and reads every acknowledged write back.
#
# Usage: ops/bench/broker-failures.sh
#   FAILURE=stall         stall: SIGSTOP broker 2 for FAILURE_SECONDS; kill: SIGKILL it and start
#                         it again after FAILURE_SECONDS; two-down: SIGKILL brokers 2 and 3, both
#                         started again after FAILURE_SECONDS
#   FAILURE_SECONDS=60
#   GUARANTEE=exactly_once_v2   or at_least_once
#   LEADS=200000  FEED_LEADS=150000
#   HOG=0                 busy loops running through the failure (CPU contention)
#   SERVICE_XMX=1g        each instance's -Xmx (each holds every lead: its actives and standbys)
#   KAFKA_CONFIG=         a --kafka-config file for both instances (e.g. to try client settings)
#   BUILD=1               0: use target/lead-projection.jar as it is instead of building it first
#   OUT=target/broker-failures-$FAILURE   report.md, service and broker logs, polls.csv, writes.csv
# Ports: brokers 22001-22003 (controllers 23001-23003), instances 18081-18082.
set -euo pipefail
KAFKA_CONFIG=${KAFKA_CONFIG:-}
[ -z "$KAFKA_CONFIG" ] || KAFKA_CONFIG=$(realpath "$KAFKA_CONFIG")
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

FAILURE=${FAILURE:-stall}
FAILURE_SECONDS=${FAILURE_SECONDS:-60}
GUARANTEE=${GUARANTEE:-exactly_once_v2}
LEADS=${LEADS:-200000}
FEED_LEADS=${FEED_LEADS:-150000}
HOG=${HOG:-0}
BUILD=${BUILD:-1}
SERVICE_XMX=${SERVICE_XMX:-1g}
OUT=${OUT:-target/broker-failures-$FAILURE}
JAR=$ROOT/target/lead-projection.jar
BS=localhost:22001,localhost:22002,localhost:22003
SECRET=broker-failures-bench-secret-0123

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { log "$*"; exit 1; }
case "$FAILURE" in stall | kill | two-down) ;; *) log "unknown FAILURE=$FAILURE (stall, kill, two-down)"; exit 2 ;; esac
# waits up to $1 seconds for the command after it to succeed
await() {
  local seconds=$1; shift
  for _ in $(seq "$seconds"); do "$@" && return 0; sleep 1; done
  return 1
}

rm -rf "$OUT" && mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
[ "$BUILD" = 0 ] || mvn -q -B -ntp package -DskipTests
mvn -q -B -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP=$(cat "$OUT/classpath.txt")

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

cat >"$OUT/broker-logback.xml" <<'EOF'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
EOF
cluster_id=$(java -Dlogback.configurationFile="$OUT/broker-logback.xml" -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
declare -A broker_pid
for n in 1 2 3; do
  cat >"$OUT/broker$n.properties" <<EOF
process.roles=broker,controller
node.id=$n
controller.quorum.voters=1@localhost:23001,2@localhost:23002,3@localhost:23003
listeners=PLAINTEXT://localhost:2200$n,CONTROLLER://localhost:2300$n
advertised.listeners=PLAINTEXT://localhost:2200$n
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$OUT/broker$n
num.partitions=6
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
EOF
  java -Dlogback.configurationFile="$OUT/broker-logback.xml" -cp "$CP" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$OUT/broker$n.properties" >/dev/null 2>&1
done
start_broker() {
  java -Xmx512m -Dlogback.configurationFile="$OUT/broker-logback.xml" -cp "$CP" kafka.Kafka \
    "$OUT/broker$1.properties" >>"$OUT/broker$1.log" 2>&1 &
  broker_pid[$1]=$!
  pids+=($!)
}
for n in 1 2 3; do start_broker $n; done
listening() { (echo >/dev/tcp/localhost/"$1") 2>/dev/null; }
for n in 1 2 3; do await 120 listening 2200$n || fail "broker $n did not listen; see $OUT/broker$n.log"; done
log "brokers up (load average $(cut -d' ' -f1-3 /proc/loadavg))"

ports=(18081 18082)
for i in 1 2; do
  extra=()
  [ -n "$KAFKA_CONFIG" ] && extra=(--kafka-config "$KAFKA_CONFIG")
  java -Xmx"$SERVICE_XMX" -jar "$JAR" serve --bootstrap-servers "$BS" --cluster-secret "$SECRET" \
    --port "${ports[$((i - 1))]}" --data-dir "$OUT/data$i" --instance-name "bench$i" \
    --processing-guarantee "$GUARANTEE" --rate-limits off "${extra[@]}" >"$OUT/service$i.log" 2>&1 &
  pids+=($!)
done
live() { [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$1/health/live")" = 200 ]; }
for port in "${ports[@]}"; do await 180 live "$port" || fail "instance on $port not live; see $OUT/service*.log"; done
java -jar "$JAR" keys create --bootstrap-servers "$BS" --workspace ws_bench \
  --permissions leads:read,leads:write --name broker-failures 2>/dev/null | grep -o 'bna_[0-9a-f]*' >"$OUT/key"
java -jar "$JAR" generate --leads "$LEADS" --workspace ws_bench --seed 7 >"$OUT/events.ndjson" 2>/dev/null
java -jar "$JAR" generate --leads "$FEED_LEADS" --workspace ws_feed --seed 9 >"$OUT/feed.ndjson" 2>/dev/null
java -jar "$JAR" produce --bootstrap-servers "$BS" --file "$OUT/events.ndjson" >"$OUT/produce.log" 2>&1
previous=
for _ in $(seq 120); do
  total=$(curl -s -H "x-api-key: $(cat "$OUT/key")" "localhost:18081/api/v2/leads?limit=1" | grep -o '"total":[0-9]*' || true)
  ready=$(for port in "${ports[@]}"; do curl -s -o /dev/null -w '%{http_code}' "localhost:$port/health/ready"; done)
  [ -n "$total" ] && [ "$total" = "$previous" ] && [ "$ready" = 200200 ] && break
  previous=$total; sleep 5
done
[ -n "$total" ] && [ "$total" = "$previous" ] && [ "$ready" = 200200 ] || fail "not loaded or not ready after 10 minutes"
log "loaded: ${total#*:} leads answered, both instances ready"

LOAD_SECONDS=$((15 + FAILURE_SECONDS + 150))
python3 ops/bench/broker_failures.py load "$OUT" "$OUT/key" "$LOAD_SECONDS" "${ports[@]}" &
load_pid=$!
pids+=("$load_pid")
sleep 5
java -jar "$JAR" produce --bootstrap-servers "$BS" --file "$OUT/feed.ndjson" >"$OUT/feed.log" 2>&1 &
pids+=($!)
sleep 10
if [ "$HOG" -gt 0 ]; then
  for _ in $(seq "$HOG"); do
    timeout $((FAILURE_SECONDS + 120)) sh -c 'while :; do :; done' &
    pids+=($!)
  done
fi
failure_start=$(date +%s.%N)
log "failure: $FAILURE of broker 2 for ${FAILURE_SECONDS}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
case "$FAILURE" in
  stall) kill -STOP "${broker_pid[2]}"; sleep "$FAILURE_SECONDS"; kill -CONT "${broker_pid[2]}" ;;
  kill) kill -9 "${broker_pid[2]}"; sleep "$FAILURE_SECONDS"; start_broker 2 ;;
  two-down) kill -9 "${broker_pid[2]}" "${broker_pid[3]}"; sleep "$FAILURE_SECONDS"; start_broker 2; start_broker 3 ;;
esac
failure_end=$(date +%s.%N)
log "failure over; load continues $((LOAD_SECONDS - 15 - FAILURE_SECONDS))s"
wait "$load_pid"

{
  echo "Broker failure: $FAILURE of broker 2 for ${FAILURE_SECONDS}s; $GUARANTEE; ${total#*:} leads in ws_bench;"
  echo "feeder of $FEED_LEADS more leads; HOG=$HOG; $(date -u '+%Y-%m-%d %H:%M UTC'); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  python3 ops/bench/broker_failures.py report "$OUT" "$failure_start" "$failure_end" "$OUT/key" "${ports[@]}"
  echo "- from the instances' logs: stores restored from scratch (actives and standbys):" \
    "$(cat "$OUT"/service*.log | grep -c 'restoring partition [0-9]* from scratch' || true);" \
    "stream threads fenced: $(cat "$OUT"/service*.log | grep -c 'Detected that the thread is being fenced' || true);" \
    "times tasks were found corrupted: $(cat "$OUT"/service*.log | grep -c 'WARN.*Detected the states of tasks' || true);" \
    "stream threads replaced: $(cat "$OUT"/service*.log | grep -c 'stream thread failed.*replacing it' || true)"
} >"$OUT/report.md"
cat "$OUT/report.md"
