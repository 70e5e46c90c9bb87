#!/usr/bin/env bash
# Resident memory of the service holding LEADS generated leads, and the JVM's own share of it
# (Native Memory Tracking): starts `dev` (broker, projection and API in one JVM) on free ports and a
# temporary data directory, loads the leads with `generate | produce` from other processes, waits
# until the projection holds them all, exports them once with cursors (the read path), then prints
# VmRSS, VmHWM (peak) and `jcmd VM.native_memory summary` (what the JVM itself allocated).
#
# Usage: ops/bench/rss.sh
#   LEADS=300000           generated leads in ws_demo (the dev key's workspace)
#   WORKSPACES=1           spread the leads over this many workspaces by a hash of the lead id
#                          (ws_demo and ws_1 .. ws_<WORKSPACES-1>); the wait is then on /metrics
#                          (every published event applied, de-duplicated or dead-lettered) and the
#                          export reads ws_demo's share
#   XMX=1g                 the service's -Xmx
#   JAVA_MEMORY_OPTS=      more JVM options of the service (e.g. -XX:MaxDirectMemorySize=64m)
#   MALLOC_ARENA_MAX       passed on as it is set (unset: glibc's default, 8 per core)
#   JAR=target/lead-projection.jar (built when missing)
# Prints `RSS ...` lines and the NMT summary; the service's log stays in the printed directory (its
# data directory is deleted at the end).
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-300000}
WORKSPACES=${WORKSPACES:-1}
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
spread() {
  if [ "$WORKSPACES" -le 1 ]; then
    cat
    return
  fi
  python3 -c '
import json, sys, zlib
workspaces = int(sys.argv[1])
for line in sys.stdin:
    event = json.loads(line)
    n = zlib.crc32(event["leadId"].encode()) % workspaces
    event["workspaceId"] = "ws_demo" if n == 0 else "ws_%d" % n
    sys.stdout.write(json.dumps(event, separators=(",", ":")) + "\n")
' "$WORKSPACES"
}
java -Xmx512m -jar "$JAR" generate --leads "$LEADS" --workspace ws_demo --seed 7 | spread \
  | java -Xmx512m -jar "$JAR" produce --bootstrap-servers "localhost:$kafka_port" >"$dir/produce.log" 2>&1
log "published ($(tail -1 "$dir/produce.log")); waiting until the projection holds them, then one cursor export"
if [ "$WORKSPACES" -gt 1 ]; then
  sent=$(grep -o 'sent [0-9]*' "$dir/produce.log" | tail -1 | cut -d' ' -f2)
  python3 - "$port" "$sent" <<'EOF'
import re, sys, time, urllib.request
port, sent = sys.argv[1], int(sys.argv[2])
pattern = re.compile(r"^leads_events_(applied|deduplicated|dead_lettered)_total(?:\{[^}]*\})? (\S+)$", re.M)
deadline = time.time() + 3600
while time.time() < deadline:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as r:
        text = r.read().decode()
    done = sum(float(m.group(2)) for m in pattern.finditer(text))
    if done >= sent:
        print(f"RSS events done={int(done)} sent={sent}", flush=True)
        sys.exit(0)
    time.sleep(5)
sys.exit("events not all applied within an hour")
EOF
fi

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
echo "RSS VmRSS=$(( $(status_kib VmRSS) / 1024 )) MiB VmHWM=$(( $(status_kib VmHWM) / 1024 )) MiB (peak) leads=$LEADS workspaces=$WORKSPACES xmx=$XMX MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset} opts=[$JAVA_MEMORY_OPTS]"
jcmd "$pid" GC.run >/dev/null
echo "RSS heap after a full collection: $(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
jcmd "$pid" VM.native_memory summary | sed -n '/Total:/,$p' | grep -E 'Total:|^-|committed=' | grep -E 'Total|^-' | sed 's/^/RSS NMT /'
echo "RSS uptime: $(uptime)"
echo "RSS log: $dir/dev.log"
