#!/usr/bin/env bash
# The largest answers events allow, asked for many times at once: `dev` (-Xmx1g, as ops/dev.sh
# with a smaller heap) holds 120 leads of the largest size events.md accepts (every string field
# at its limit of control characters, which JSON escapes six bytes each; 50 tags, 50 custom
# fields), so a page of 100 of them is ~45 MB of JSON. 16 clients ask for that page 5 times each
# (the service admits 8 at once on 2 cores, the rest get 503). Prints the answers by status, the
# wall and CPU time, the peak RSS, the slowest answer and the OutOfMemoryErrors in the log.
#
# Usage: ops/bench/largest-leads.sh [jar ...]   (default: target/lead-projection.jar; several jars
#        are measured one after the other on the same data)
#   ENCODING=gzip     send Accept-Encoding (default: none)
#   ROUNDS=1          floods per jar
#   CLIENTS=16        clients asking at once, 5 times each
#   DEV_ARGS=""       more `dev` flags for the floods, e.g. "--max-in-flight 64"
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || set -- target/lead-projection.jar
ENCODING=${ENCODING:-}
ROUNDS=${ROUNDS:-1}
DEV_ARGS=${DEV_ARGS:-}
CLIENTS=${CLIENTS:-16}
port=18182; kport=19192
dir=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

start_dev() {
  # shellcheck disable=SC2086
  java -Xmx1g -jar "$1" dev --data-dir "$dir/data" --port "$port" --kafka-port "$kport" ${2:-} \
    >"$dir/dev.out" 2>&1 &
  pid=$!
  until curl -sf "http://localhost:$port/health/ready" >/dev/null 2>&1 && grep -q 'bna_' "$dir/dev.out"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$dir/dev.out" >&2; exit 1; }
    sleep 0.2
  done
  key=$(grep -o -m1 'bna_[0-9a-f]*' "$dir/dev.out")
}

stop_dev() {
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

python3 - "$dir/largest.ndjson" <<'EOF'
import json, sys
c = "\u0001"
def s(n): return c * n
with open(sys.argv[1], "w") as out:
    for i in range(120):
        data = {
            "firstName": s(1000), "lastName": s(1000), "email": s(900) + "@x" + s(80) + ".com",
            "linkedinUrl": s(1000), "company": s(1000), "title": s(1000), "phone": s(1000),
            "location": s(1000), "notes": s(10000),
            "tags": [s(48) + str(t % 10) + chr(65 + t // 10) for t in range(50)],
            "customFields": {s(98) + "%02d" % k: s(1000) for k in range(50)},
        }
        out.write(json.dumps({"eventId": "evt_largest_%d" % i, "type": "LeadCreated",
                              "leadId": "lead_largest_%d" % i, "workspaceId": "ws_demo",
                              "occurredAt": "2024-01-15T10:30:00Z", "data": data},
                             ensure_ascii=False) + "\n")
EOF

page="http://localhost:$port/api/v2/leads?limit=100&sortBy=firstName&sortOrder=asc"
start_dev "$1"
java -jar "$1" produce --bootstrap-servers "localhost:$kport" --file "$dir/largest.ndjson" >&2
until curl -s "${page/limit=100/limit=1}" -H "x-api-key: $key" | grep -c "lead_largest" >/dev/null; do sleep 0.5; done
stop_dev

for jar in "$@"; do
  for round in $(seq "$ROUNDS"); do
    start_dev "$jar" "$DEV_ARGS"
    for _ in 1 2 3; do
      curl -s -o /dev/null "$page" -H "x-api-key: $key" ${ENCODING:+-H "Accept-Encoding: $ENCODING"}
    done
    cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    t0=$(date +%s%N)
    for c in $(seq "$CLIENTS"); do
      (for _ in 1 2 3 4 5; do
        curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' "$page" \
          -H "x-api-key: $key" ${ENCODING:+-H "Accept-Encoding: $ENCODING"}
      done >"$dir/client-$c.txt") &
    done
    peak=0
    while [ "$(jobs -rp | grep -vc "^$pid$")" -gt 0 ]; do
      rss=$(ps -o rss= -p "$pid"); [ "$rss" -gt "$peak" ] && peak=$rss
      sleep 0.5
    done
    t1=$(date +%s%N)
    cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    statuses=$(cat "$dir"/client-*.txt | awk '{print $1}' | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
    slowest=$(cat "$dir"/client-*.txt | sort -k3 -n | tail -1 | awk '{print $3}')
    ooms=$(grep -c 'OutOfMemoryError' "$dir/dev.out" || true)
    echo "BENCH largest-leads jar=$jar round=$round encoding=${ENCODING:-none} answers=[$statuses] wall_ms=$(( (t1 - t0) / 1000000 )) cpu_s=$(( (cpu1 - cpu0) / 100 )) peak_rss_mb=$(( peak / 1024 )) slowest_s=$slowest out_of_memory=$ooms clients=$CLIENTS dev_args=[$DEV_ARGS]"
    stop_dev
  done
done
