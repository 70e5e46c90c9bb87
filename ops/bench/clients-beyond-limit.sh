#!/usr/bin/env bash
# What one workspace's clients get when there are more of them than the in-flight limit lets in
# (docs/http-api.md, "Waiting for a permit"): starts `dev` with its defaults, publishes LEADS skewed
# leads into one workspace, then for each path and each client count runs that many clients sending
# the path back to back (a 503 is sent again at once) and prints the answers by status (503 = shed)
# and the 200s' p50/p99 (ops/bench/TenantFairness.java).
# Usage: ops/bench/clients-beyond-limit.sh
#   JAR=target/lead-projection.jar   the service to run (e.g. another build's jar)
#   LEADS=50000 CLIENTS="2 4 8 16" MEASURE=10 (seconds) WARMUP=4
#   PATHS='/api/v2/leads?limit=25 /api/v2/leads?search=john%20software&limit=25'
#   DEV_ARGS=""   more `dev` flags, e.g. "--admission-wait PT0S"
#   CONNECTION_CLOSE=1   every request on a new connection (`Connection: close`)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-target/lead-projection.jar}
LEADS=${LEADS:-50000}
CLIENTS=${CLIENTS:-2 4 8 16}
MEASURE=${MEASURE:-10}
WARMUP=${WARMUP:-4}
PATHS=${PATHS:-'/api/v2/leads?limit=25 /api/v2/leads?search=john%20software&limit=25'}
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
port=18481; kport=19491
. ops/bench/dev-lib.sh
start_scratch_dev "$port" "$kport"
java -jar "$JAR" generate --leads "$LEADS" --workspace ws_clients --seed 7 --distribution skewed > "$dir/leads.ndjson"
java -jar "$JAR" produce --bootstrap-servers "localhost:$kport" --file "$dir/leads.ndjson" >/dev/null 2>&1
key=$(java -jar "$JAR" keys create --bootstrap-servers "localhost:$kport" --workspace ws_clients \
  --permissions leads:read 2>/dev/null)
total=$(settled_total "$port" "$key")
echo "ws_clients: $total leads" >&2
for path in $PATHS; do
  for clients in $CLIENTS; do
    echo "--- $clients clients, $path ($JAR ${DEV_ARGS:-})"
    java ops/bench/TenantFairness.java "http://localhost:$port" "$MEASURE" "$WARMUP" "one:$key:$clients:$path"
  done
done
