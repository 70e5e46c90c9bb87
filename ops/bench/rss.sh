#!/usr/bin/env bash
# Resident memory of the service holding LEADS generated leads, and the JVM's own share of it
# (Native Memory Tracking): starts `dev` (broker, projection and API in one JVM) on free ports and a
# temporary data directory, loads the leads with `generate | produce` from other processes, waits
# until the projection holds them all, exports them once with cursors (the read path), then prints
# VmRSS, VmHWM (peak) and `jcmd VM.native_memory summary` (what the JVM itself allocated).
#
# Usage: ops/bench/rss.sh
#   LEADS=300000           generated leads in ws_demo (the dev key's workspace)
#   XMX=1g                 the service's -Xmx
#   JAVA_MEMORY_OPTS=      more JVM options of the service (e.g. -XX:MaxDirectMemorySize=64m)
#   MALLOC_ARENA_MAX       passed on as it is set (unset: glibc's default, 8 per core)
#   JAR=target/lead-projection.jar (built when missing)
# Prints `RSS ...` lines and the NMT summary; the service's log stays in the printed directory (its
# data directory is deleted at the end).
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-300000}
XMX=${XMX:-1g}
JAVA_MEMORY_OPTS=${JAVA_MEMORY_OPTS:-}
JAR=${JAR:-target/lead-projection.jar}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
status_kib() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status"; }

[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
dir=$(mktemp -d /tmp/rss-bench.XXXXXX)
port=$(free_port)
kafka_port=$(free_port)
key="bna_$(python3 -c 'import secrets; print(secrets.token_hex(32))')"

log "dev: -Xmx$XMX $JAVA_MEMORY_OPTS, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}, $LEADS leads, $dir, load $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # JAVA_MEMORY_OPTS is a list of options
java "-Xmx$XMX" -XX:+ExitOnOutOfMemoryError -XX:NativeMemoryTracking=summary $JAVA_MEMORY_OPTS \
  -jar "$JAR" dev --demo-leads 0 --data-dir "$dir/data" --port "$port" --kafka-port "$kafka_port" \
  --dev-api-key "$key" >"$dir/dev.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$dir/data"' EXIT

python3 - "$port" "$key" "$LEADS" <<'EOF'
import json, sys, time, urllib.request, urllib.parse
port, key, leads = sys.argv[1], sys.argv[2], int(sys.argv[3])
def get(path):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"x-api-key": key})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status
deadline = time.time() + 300
while time.time() < deadline:
    try:
        if get("/health/ready") == 200:
            sys.exit(0)
    except Exception:
        pass
    time.sleep(1)
sys.exit("dev not ready within 300 s")
EOF
log "dev ready; loading $LEADS leads"
java -Xmx512m -jar "$JAR" generate --leads "$LEADS" --workspace ws_demo --seed 7 \
  | java -Xmx512m -jar "$JAR" produce --bootstrap-servers "localhost:$kafka_port" >"$dir/produce.log" 2>&1
log "published; waiting until the projection holds them, then one cursor export"

python3 - "$port" "$key" <<'EOF'
import json, sys, time, urllib.request, urllib.parse
port, key = sys.argv[1], sys.argv[2]
def page(query):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v2/leads?{query}", headers={"x-api-key": key})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["data"]
# the total stops moving once every event is processed
last, same = -1, 0
while same < 3:
    time.sleep(5)
    total = page("limit=1")["pagination"]["total"]
    same = same + 1 if total == last and total > 0 else 0
    last = total
ids, cursor = set(), None
while True:
    data = page("limit=100&sortBy=createdAt&sortOrder=asc" + ("&cursor=" + urllib.parse.quote(cursor) if cursor else ""))
    ids.update(lead["id"] for lead in data["leads"])
    cursor = data["pagination"]["nextCursor"]
    if not cursor:
        break
print(f"RSS leads total={last} exported={len(ids)}", flush=True)
EOF

log "measuring"
echo "RSS VmRSS=$(( $(status_kib VmRSS) / 1024 )) MiB VmHWM=$(( $(status_kib VmHWM) / 1024 )) MiB (peak) leads=$LEADS xmx=$XMX MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset} opts=[$JAVA_MEMORY_OPTS]"
jcmd "$pid" VM.native_memory summary | sed -n '/Total:/,$p' | grep -E 'Total:|^-|committed=' | grep -E 'Total|^-' | sed 's/^/RSS NMT /'
echo "RSS uptime: $(uptime)"
echo "RSS log: $dir/dev.log"
