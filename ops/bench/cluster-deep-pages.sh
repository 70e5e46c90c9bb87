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
#   PROFILE_LIB=/path/libasyncProfiler.so   CPU profiles of the three instances while measured (OUT/profile-<pid>.collapsed)
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

python3 - "$key" "$RUNS" "$live" "$OUT" "$@" <<'EOF'
import json, os, subprocess, sys, time, urllib.request, statistics

key, runs, live, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
WARMUP = int(os.environ.get("WARMUP", "10"))

def pids():
    found = subprocess.run(["pgrep", "-f", "application-id lead-projection-c"], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]

def cpu_seconds():
    total = 0
    for pid in pids():
        try:
            fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")

def ask(port, query):
    request = urllib.request.Request("http://localhost:%d/api/v2/leads?%s" % (port, query), headers={"x-api-key": key})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as r:
        body = json.loads(r.read())
    return (time.perf_counter() - start) * 1000, body["data"]

def requests():
    pages = -(-live // 100)
    _, first = ask(18581, "status=new&limit=1")
    matches = first["pagination"]["total"]
    spages = -(-matches // 100)
    base = "sortBy=createdAt&sortOrder=asc&limit=100&page="
    sbase = "status=new&sortBy=lastName&sortOrder=desc&limit=100&page="
    return [base + str(p) for p in (1, 11, 101, 1001, pages // 2, pages)] + \
           [sbase + str(p) for p in (101, spages // 2, spages)]

def measure(label, ports, queries):
    rows = []
    for q in queries:
        times, datas = [], []
        for port in ports:
            ask(port, q)  # one warm-up per instance and request
        before = cpu_seconds()
        for _ in range(runs):
            for port in ports:
                ms, data = ask(port, q)
                times.append(ms)
                datas.append(json.dumps(data, sort_keys=True))
        cpu = (cpu_seconds() - before) / (runs * len(ports))
        same = len(set(datas)) == 1
        rows.append((q, statistics.median(times), max(times), cpu, same, datas[0]))
        print("BENCH cluster-deep-pages %s %s median_ms=%.1f max_ms=%.1f cpu_ms_per_request=%.0f same_on_every_instance=%s"
              % (label, q, statistics.median(times), max(times), cpu * 1000, same), flush=True)
    return rows

def quiet():
    """Wait (at most 3 minutes) until the instances are idle: the ingest's commits, flushes and
    compactions over, so that the figures are the requests' own."""
    deadline = time.time() + 180
    while time.time() < deadline:
        before = cpu_seconds()
        time.sleep(5)
        if cpu_seconds() - before < 0.5:
            return
    print("the instances never went quiet; measuring anyway", file=sys.stderr)

queries = requests()
quiet()
for _ in range(WARMUP):
    for q in queries:
        for port in (18581, 18582, 18583):
            ask(port, q)
profile = os.environ.get("PROFILE_LIB")  # async-profiler's libasyncProfiler.so: each instance's CPU profile
if profile:
    for pid in pids():
        subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", profile, '"start,event=cpu,interval=1ms,threads"'], check=True,
                       capture_output=True)
cluster = measure("three-instances", [18581, 18582, 18583], queries)
if profile:
    for pid in pids():
        subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", profile,
                        '"stop,file=%s/profile-%d.collapsed,collapsed"' % (out, pid)], check=True, capture_output=True)
json.dump([(q, d) for q, _, _, _, _, d in cluster], open(os.path.join(out, "cluster-answers.json"), "w"))
EOF
echo "$(date -u +%T) stopping c2 and c3; c1 takes every partition" >&2
pkill -TERM -f "data-dir $dir-c2" || true
pkill -TERM -f "data-dir $dir-c3" || true
while pgrep -f "data-dir $dir-c[23]" >/dev/null; do sleep 0.5; done
python3 - "$key" "$RUNS" "$live" "$OUT" <<'EOF'
import json, sys, time, urllib.request, statistics, os, subprocess
key, runs, live, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
answers = json.load(open(os.path.join(out, "cluster-answers.json")))

def ask(query):
    request = urllib.request.Request("http://localhost:18581/api/v2/leads?%s" % query, headers={"x-api-key": key})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            body = json.loads(r.read())
        return (time.perf_counter() - start) * 1000, body["data"], r.status, r.headers.get("X-Lead-Data-Staleness")
    except urllib.error.HTTPError as e:
        return 0, None, e.code, None

deadline = time.time() + 300
while True:  # every partition active on c1 again: complete, not stale-labelled
    _, data, status, stale = ask("limit=1")
    if status == 200 and stale is None and data["pagination"]["total"] == live:
        break
    if time.time() > deadline:
        sys.exit("c1 never answered for every partition alone")
    time.sleep(1)

def cpu_seconds():
    pid = int(subprocess.run(["pgrep", "-f", "application-id lead-projection-c"], capture_output=True, text=True).stdout.split()[0])
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

deadline = time.time() + 180
while time.time() < deadline:  # idle: the restoration's flushes and compactions over
    before = cpu_seconds()
    time.sleep(5)
    if cpu_seconds() - before < 0.5:
        break
for _ in range(int(os.environ.get("WARMUP", "10"))):
    for q, _ in answers:
        ask(q)
for q, cluster_data in answers:
    before = cpu_seconds()
    times, same = [], True
    for _ in range(runs):
        ms, data, status, stale = ask(q)
        times.append(ms)
        same = same and status == 200 and stale is None and json.dumps(data, sort_keys=True) == cluster_data
    cpu = (cpu_seconds() - before) / runs
    print("BENCH cluster-deep-pages one-instance %s median_ms=%.1f max_ms=%.1f cpu_ms_per_request=%.0f same_as_cluster=%s"
          % (q, statistics.median(times), max(times), cpu * 1000, same), flush=True)
EOF
