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
#   WAVES=0         later waves of events into each workspace, each followed by REQUESTS reads again:
#                   odd ones add 2/3 of LEADS new leads and delete 5 %, even ones add 1/6 and delete
#                   half (with LEADS around 10,000, the indexes cross 2,048 leads a partition and back)
#   TIES=0          1: nine in ten leads created at one of three instants (pages decided by id ties)
#   CLUSTER=0       1: also two `serve` instances (one stream thread, a standby each) on dev's broker,
#                   checked together (each request to one of them, reads then writes) while a loop
#                   SIGTERMs and restarts one and SIGKILLs and restarts the other, MOVES times each;
#                   a read answered 503 or refused is counted, a write so answered is retried with
#                   its Idempotency-Key, and a list must match the model within 30 s
#   MOVES=3         (with WAVES, moves go on until the check ends)
# Exit 1 when an answer differed from the model (the first differences are printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${SEEDS:-"1 2 3"}
LEADS=${LEADS:-600}
REQUESTS=${REQUESTS:-3000}
WRITES=${WRITES:-500}
CLUSTER=${CLUSTER:-0}
TIES=${TIES:-0}
WAVES=${WAVES:-0}
ties=""; [ "$TIES" = 1 ] && ties="--ties"
MOVES=${MOVES:-3}
[ -f target/lead-projection.jar ] || mvn -q -B -ntp -DskipTests package
port=18281; kport=19291
dir=$(mktemp -d)
cleanup() {
  pkill -KILL -f "data-dir $dir-b" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir" "$dir.out" "$dir.err" "$dir"-b*
}
trap cleanup EXIT
. ops/bench/dev-lib.sh
start_dev "$dir" "$port" "$kport" 50 "$dir.out" "$dir.err"
pid=$dev_pid
# the demo key printed (after the demo leads were published)
until grep -q 'bna_' "$dir.out"; do
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
    --leads "$LEADS" --requests "$REQUESTS" --writes "$WRITES" --seed "$seed" --other-lead "$other" --waves "$WAVES" $ties || status=1
done
[ "$CLUSTER" = 1 ] || exit $status

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
serve() {  # serve <n>: instance n of the second cluster, on dev's broker
  # in a subshell: the shell does not report the SIGKILLed process
  (java -Xmx768m -jar target/lead-projection.jar serve --bootstrap-servers "localhost:$kport" \
    --application-id lead-projection-b --cluster-secret "$secret" --port "1838$1" \
    --advertised-url "http://localhost:1838$1" --data-dir "$dir-b$1" --instance-name "b$1" \
    --cap-replication --standby-replicas 1 --stream-threads 1 --rate-limits off >>"$dir-b$1.log" 2>&1 &)
}
ready() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:1838$1/health/ready")" = 200 ]; do sleep 0.5; done
}
serve 1; serve 2; ready 1; ready 2
python3 ops/bench/api_differential.py --api "http://localhost:18381,http://localhost:18382" \
  --bootstrap "localhost:$kport" --leads "$LEADS" --requests $((REQUESTS * 5)) --writes $((WRITES * 10)) --seed 99 \
  --other-lead "$other" --allow-unavailable --waves "$WAVES" $ties &
check=$!
sleep 20  # the check's leads published and applied
move=0
# with WAVES, the moves go on until the check ends: instances restart on snapshots of indexes that
# grew past 2,048 leads a partition, or shrank below it
while [ $move -lt "$MOVES" ] || { [ "$WAVES" -gt 0 ] && kill -0 "$check" 2>/dev/null; }; do
  move=$((move + 1))
  echo "$(date -u +%T) SIGTERM b2" >&2
  pkill -TERM -f "data-dir $dir-b2" || true
  while pgrep -f "data-dir $dir-b2" >/dev/null; do sleep 0.3; done
  serve 2; ready 2; sleep 8
  echo "$(date -u +%T) SIGKILL b1" >&2
  pkill -KILL -f "data-dir $dir-b1" || true
  sleep 3
  serve 1; ready 1; sleep 8
done
wait "$check" || status=1
exit $status
