#!/usr/bin/env bash
# The list API against an independent model of the contracts (api_differential.py): starts `dev`
# on a scratch data directory, writes adversarial leads into fresh workspaces through `produce`,
# and compares every answer of random list, single-lead and invalid requests with the model; then
# does the same for random writes through the write API (write-api.md).
# Usage: ops/bench/api-differential.sh   (builds the jar first if needed)
#   SEEDS="1 2 3"   one fresh workspace per seed
#   LEADS=600       leads per workspace
#   REQUESTS=3000   requests per workspace
#   WRITES=500      random creates, updates, deletes and retries per seed through the write API, in
#                   another fresh workspace, each answer and each read with its token checked
# Exit 1 when an answer differed from the model (the first differences are printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${SEEDS:-"1 2 3"}
LEADS=${LEADS:-600}
REQUESTS=${REQUESTS:-3000}
WRITES=${WRITES:-500}
[ -f target/lead-projection.jar ] || mvn -q -B -ntp -DskipTests package
port=18281; kport=19291
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir" "$dir.out" "$dir.err"' EXIT
java -Xms256m -Xmx2g -jar target/lead-projection.jar dev --data-dir "$dir" --port "$port" --kafka-port "$kport" \
  --demo-leads 50 >"$dir.out" 2>"$dir.err" &
pid=$!
# ready, and the demo key printed (after the demo leads were published)
until curl -sf "http://localhost:$port/health/ready" >/dev/null 2>&1 && grep -q 'bna_' "$dir.out"; do
  kill -0 "$pid" 2>/dev/null || { echo "dev exited; see $dir.err" >&2; exit 1; }
  sleep 0.2
done
demo_key=$(grep -o 'bna_[0-9a-f]*' "$dir.out" | head -1)
until curl -s "http://localhost:$port/api/v2/leads?limit=1" -H "x-api-key: $demo_key" | grep -q '"id"'; do
  sleep 0.2
done
other=$(curl -s "http://localhost:$port/api/v2/leads?limit=1" -H "x-api-key: $demo_key" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["leads"][0]["id"])')
status=0
for seed in $SEEDS; do
  python3 ops/bench/api_differential.py --api "http://localhost:$port" --bootstrap "localhost:$kport" \
    --leads "$LEADS" --requests "$REQUESTS" --writes "$WRITES" --seed "$seed" --other-lead "$other" || status=1
done
exit $status
