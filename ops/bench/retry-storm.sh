#!/usr/bin/env bash
# Many clients at once against one `dev` instance: CLIENTS keep-alive connections (wrk), each
# sending its next request as soon as an answer arrives, a 503 included (clients that ignore
# Retry-After), between two runs at 8 connections (the instance's capacity before and after).
# With two or more cores the service runs on CPU 1 and wrk on CPU 0 (taskset), so the load
# generator does not take the service's core; the dev broker shares the service's core.
# Prints per run: answers by status, wrk's latency percentiles (of every answer), the kernel's
# listen-queue overflows during the run (connections whose SYN was dropped: their clients send it
# again after 1, 3, 7 s), the service's CPU seconds in the run (its broker's included), its RSS and
# threads afterwards. With DEV_ARGS="--rate-limits 60/1000/10000" the key is past its limit after 60
# requests: the runs measure a storm of 429s.
# Usage: ops/bench/retry-storm.sh
#   JARS="target/lead-projection.jar"   jars run one after the other, ROUNDS times (A/B)
#   ROUNDS=1 LEADS=30000 (demo leads) CLIENTS=1000 DURATION=20 WARMUP=40 (seconds at 8 connections)
#   QUERY='status=contacted&sortBy=lastContactedAt&sortOrder=asc&limit=100'
#   SERVICE_JVM="-Xmx1g"   DEV_ARGS=""   more `dev` flags, e.g. "--admission-wait PT0S"
#   KEEP_LOGS=dir   keep each run's service log there (round<N>-<jar>.log)
#   TENANT=8   connections of another workspace's key (5,000 leads of its own), each asking every
#              10 ms for the same query, during the CLIENTS run: what another tenant gets meanwhile
#              (0: none). Paced, so that its wrk needs little of the client core.
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
JARS=${JARS:-target/lead-projection.jar}
ROUNDS=${ROUNDS:-1}
LEADS=${LEADS:-30000}
CLIENTS=${CLIENTS:-1000}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-40}
QUERY=${QUERY:-status=contacted&sortBy=lastContactedAt&sortOrder=asc&limit=100}
TENANT=${TENANT:-0}
SERVICE_JVM=${SERVICE_JVM:--Xmx1g}
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }
[ -f target/lead-projection.jar ] || mvn -q -B -ntp -DskipTests package
port=18581; kport=19591
. ops/bench/dev-lib.sh
key=bna_$(printf '5eed%.0s' $(seq 16))
data=$(mktemp -d)
lua=$(mktemp --suffix .lua)
tenant_lua=$(mktemp --suffix .lua)
pid=""
tenant_key=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data" "$lua" "$tenant_lua"' EXIT
service_cpu=""; client_cpu=""
if [ "$(nproc)" -ge 2 ]; then service_cpu="taskset -c 1"; client_cpu="taskset -c 0"; fi
cat > "$lua" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; shed = 0; limited = 0; other = 0 end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then shed = shed + 1
  elseif status == 429 then limited = limited + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  for _, t in ipairs(threads) do
    io.write(string.format("answers 200=%d (%.0f/s) 503=%d (%.0f/s) 429=%d other=%d errors=%d\n",
      t:get("ok"), t:get("ok") / seconds, t:get("shed"), t:get("shed") / seconds, t:get("limited"),
      t:get("other"), summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  end
  io.write(string.format("latency p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
EOF
{ echo 'function delay() return 10 end'; sed 's/answers 200/other tenant: answers 200/; s/latency p50/other tenant: latency p50/' "$lua"; } > "$tenant_lua"

overflows() { nstat -az TcpExtListenOverflows 2>/dev/null | awk '/Overflows/{print $2}' || echo 0; }

cpu_ticks() { awk '{print $14 + $15}' /proc/"$pid"/stat; }

load() { # connections seconds
  local before after ticks_before ticks_after
  before=$(overflows)
  ticks_before=$(cpu_ticks)
  $client_cpu wrk -t1 -c"$1" -d"$2"s --timeout 30s -H "x-api-key: $key" -s "$lua" \
    "http://localhost:$port/api/v2/leads?$QUERY" | grep -E "^(answers|latency)"
  after=$(overflows)
  ticks_after=$(cpu_ticks)
  echo "listen-queue overflows $((after - before)); service CPU $(awk -v a="$ticks_before" -v b="$ticks_after" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / t }') s;" \
    "$(grep -E '^(VmRSS|Threads)' /proc/"$pid"/status | tr -s ' \t\n' ' ')"
}

for round in $(seq 1 "$ROUNDS"); do
  for jar in $JARS; do
    # shellcheck disable=SC2086 # SERVICE_JVM and DEV_ARGS are lists of options
    $service_cpu java $SERVICE_JVM -jar "$jar" dev --data-dir "$data" --port "$port" --kafka-port "$kport" \
      --demo-leads "$LEADS" --dev-api-key "$key" ${DEV_ARGS:-} > "$data.out" 2>&1 &
    pid=$!
    # ready, and on the first start every demo lead applied
    total=$(settled_total "$port" "$key" "$pid")
    if [ "$TENANT" -gt 0 ] && [ -z "$tenant_key" ]; then
      java -jar "$jar" generate --leads 5000 --workspace ws_other_tenant --seed 7 > "$data.tenant.ndjson"
      java -jar "$jar" produce --bootstrap-servers "localhost:$kport" --file "$data.tenant.ndjson" >/dev/null 2>&1
      tenant_key=$(java -jar "$jar" keys create --bootstrap-servers "localhost:$kport" \
        --workspace ws_other_tenant --permissions leads:read 2>/dev/null)
    fi
    [ -n "$tenant_key" ] && echo "other tenant: $(settled_total "$port" "$tenant_key" "$pid") leads"
    $client_cpu wrk -t1 -c8 -d"$WARMUP"s -H "x-api-key: $key" "http://localhost:$port/api/v2/leads?$QUERY" >/dev/null
    echo "=== round $round, $jar, $total leads, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
    echo "--- 8 connections, ${DURATION} s"; load 8 "$DURATION"
    echo "--- $CLIENTS connections, ${DURATION} s"
    if [ -n "$tenant_key" ]; then
      $client_cpu wrk -t1 -c"$TENANT" -d"$DURATION"s --timeout 30s -H "x-api-key: $tenant_key" -s "$tenant_lua" \
        "http://localhost:$port/api/v2/leads?$QUERY" | grep -E "^other tenant" > "$data.tenant.out" &
      tenant_wrk=$!
    fi
    load "$CLIENTS" "$DURATION"
    if [ -n "$tenant_key" ]; then wait "$tenant_wrk"; cat "$data.tenant.out"; fi
    echo "--- 8 connections, ${DURATION} s"; load 8 "$DURATION"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    if [ -n "${KEEP_LOGS:-}" ]; then
      mkdir -p "$KEEP_LOGS"; cp "$data.out" "$KEEP_LOGS/round$round-$(basename "$jar" .jar).log"
    fi
  done
done
rm -f "$data.out" "$data.tenant.ndjson" "$data.tenant.out"
