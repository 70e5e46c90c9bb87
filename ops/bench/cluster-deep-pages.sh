#!/usr/bin/env bash
# Deep pages over three `serve` processes, against one process holding every partition: the cluster
# share of a deep page (issue 13, bounded cost) measured where ClusterDeepPageBench cannot (two
# instances in one JVM). Starts `dev` for its broker only (--demo-leads 0), publishes LEADS generated
# leads into topics of their own (`--topic-prefix c.`), starts three instances (one stream thread,
# no standby: each owns two of the six partitions) and asks each request RUNS times on each
# instance, then stops two of them so that the third holds all six partitions and asks again.
# Every answer's `data` must be the same on every instance and alone; per request it prints the
# median and worst time (curl's time_total) and the CPU seconds all instances used per request.
# Usage: ops/bench/cluster-deep-pages.sh     (builds the jar first if needed)
#   LEADS=300000 RUNS=5 WARMUP=10 DISTRIBUTION=uniform SERVICE_XMX=1g OUT=target/cluster-deep-pages
#   PROFILE_LIB=/path/libasyncProfiler.so   CPU profiles of the instances while measured (OUT/profile-*.collapsed)
# Each side is measured once its instances are idle (the ingest's or the restoration's background
# work over, at most 3 minutes), after WARMUP rounds of every request on every instance.
set -euo pipefail
cd "$(dirname "$0")/../.."
LEADS=${LEADS:-300000}
RUNS=${RUNS:-5}
DISTRIBUTION=${DISTRIBUTION:-uniform}
SERVICE_XMX=${SERVICE_XMX:-1g}
OUT=${OUT:-target/cluster-deep-pages}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
[ -f target/lead-projection.jar ] || mvn -q -B -ntp -DskipTests package
port=18580; kport=19591
dir=$(mktemp -d)
cleanup() {
  pkill -TERM -f "data-dir $dir-c" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir" "$dir"-c*
}
trap cleanup EXIT
. ops/bench/dev-lib.sh
start_dev "$dir" "$port" "$kport" 0 "$OUT/dev.out" "$OUT/dev.err"
pid=$dev_pid
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
serve() {  # serve <n>
  (java -Xms"$SERVICE_XMX" -Xmx"$SERVICE_XMX" -jar target/lead-projection.jar serve \
    --bootstrap-servers "localhost:$kport" --application-id lead-projection-c --topic-prefix c. \
    --cluster-secret "$secret" --port "1858$1" --advertised-url "http://localhost:1858$1" \
    --data-dir "$dir-c$1" --instance-name "c$1" --cap-replication --standby-replicas 0 --stream-threads 1 --leave-group-on-stop \
    --rate-limits off >>"$OUT/c$1.log" 2>&1 &)
}
ready() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:1858$1/health/ready")" = 200 ]; do sleep 0.5; done
}
serve 1; serve 2; serve 3; ready 1; ready 2; ready 3
echo "$(date -u +%T) three instances ready; publishing $LEADS $DISTRIBUTION leads" >&2
java -jar target/lead-projection.jar generate --leads "$LEADS" --workspace ws_deep --seed 42 \
  --distribution "$DISTRIBUTION" >"$dir/events.ndjson"
java -jar target/lead-projection.jar produce --bootstrap-servers "localhost:$kport" --topic-prefix c. \
  --file "$dir/events.ndjson" >&2
key=$(java -jar target/lead-projection.jar keys create --bootstrap-servers "localhost:$kport" --topic-prefix c. \
  --workspace ws_deep --permissions leads:read)
live=$(grep -c '"LeadCreated"' "$dir/events.ndjson")
deleted=$(grep -c '"LeadDeleted"' "$dir/events.ndjson")
live=$((live - deleted))
until [ "$(curl -s "localhost:18581/api/v2/leads?limit=1" -H "x-api-key: $key" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["pagination"]["total"])' 2>/dev/null)" = "$live" ]; do
  sleep 1
done
echo "$(date -u +%T) $live live leads applied" >&2

python3 ops/bench/cluster_deep_pages.py cluster "$key" "$RUNS" "$live" "$OUT"
echo "$(date -u +%T) stopping c2 and c3; c1 takes every partition" >&2
pkill -TERM -f "data-dir $dir-c2" || true
pkill -TERM -f "data-dir $dir-c3" || true
while pgrep -f "data-dir $dir-c[23]" >/dev/null; do sleep 0.5; done
python3 ops/bench/cluster_deep_pages.py alone "$key" "$RUNS" "$live" "$OUT"
