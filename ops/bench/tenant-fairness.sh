#!/usr/bin/env bash
# What a third tenant gets while two others fill the query pool (docs/http-api.md, "A workspace's
# share"): starts `dev`, publishes LEADS skewed leads into each of two busy workspaces and LIGHT_LEADS
# into a third, then HEAVY clients per busy workspace send a costly search back to back while LIGHT
# clients of the third send a small list; prints per tenant the answers by status (503 = shed) and
# the 200s' p50/p99 (ops/bench/TenantFairness.java).
# Usage: ops/bench/tenant-fairness.sh
#   JAR=target/lead-projection.jar   the service to run (e.g. another build's jar)
#   LEADS=20000 LIGHT_LEADS=1000 HEAVY=8 LIGHT=1,2 MEASURE=20 (seconds) WARMUP=5
#   HEAVY_PATH='/api/v2/leads?search=john%20software&limit=100'
#   LIGHT_PATH='/api/v2/leads?limit=10'
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-target/lead-projection.jar}
LEADS=${LEADS:-20000}
LIGHT_LEADS=${LIGHT_LEADS:-1000}
HEAVY=${HEAVY:-8}
LIGHT=${LIGHT:-1,2}
MEASURE=${MEASURE:-20}
WARMUP=${WARMUP:-5}
HEAVY_PATH=${HEAVY_PATH:-'/api/v2/leads?search=john%20software&limit=100'}
LIGHT_PATH=${LIGHT_PATH:-'/api/v2/leads?limit=10'}
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
port=18381; kport=19391
. ops/bench/dev-lib.sh
start_scratch_dev "$port" "$kport"
run=$(date +%s)
declare -A keys
for ws in a b c; do
  n=$LEADS; [ $ws = c ] && n=$LIGHT_LEADS
  java -jar "$JAR" generate --leads "$n" --workspace "ws_fair_${ws}_$run" --seed 7 --distribution skewed > "$dir/$ws.ndjson"
  java -jar "$JAR" produce --bootstrap-servers "localhost:$kport" --file "$dir/$ws.ndjson" >/dev/null 2>&1
  keys[$ws]=$(java -jar "$JAR" keys create --bootstrap-servers "localhost:$kport" --workspace "ws_fair_${ws}_$run" \
    --permissions leads:read 2>/dev/null)
done
# every workspace's leads applied: the count stops moving
for ws in a b c; do
  total=$(settled_total "$port" "${keys[$ws]}")
  echo "ws_fair_$ws: $total leads" >&2
done
for light in ${LIGHT//,/ }; do
  echo "--- $HEAVY clients each in two busy workspaces, $light in the third ($JAR)"
  java ops/bench/TenantFairness.java "http://localhost:$port" "$MEASURE" "$WARMUP" \
    "busy_a:${keys[a]}:$HEAVY:$HEAVY_PATH" "busy_b:${keys[b]}:$HEAVY:$HEAVY_PATH" "third:${keys[c]}:$light:$LIGHT_PATH"
done
