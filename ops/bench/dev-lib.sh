# Sourced by the bench scripts that need `dev` (its broker, and its API) on this machine.

# start_dev DIR PORT KAFKA_PORT DEMO_LEADS OUT ERR: starts `dev` ($JAR, default the built jar; more flags in
# $DEV_ARGS) on a data directory of its own in
# the background (its pid in $dev_pid) and returns once it is ready; exits 1 if it ends first.
start_dev() {
  local dir=$1 port=$2 kport=$3 demo=$4 out=$5 err=$6
  java -Xms256m -Xmx2g -jar "${JAR:-target/lead-projection.jar}" dev --data-dir "$dir" --port "$port" --kafka-port "$kport" \
    --demo-leads "$demo" ${DEV_ARGS:-} >"$out" 2>"$err" &
  dev_pid=$!
  until curl -sf "http://localhost:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$dev_pid" 2>/dev/null || { echo "dev exited; see $err" >&2; exit 1; }
    sleep 0.2
  done
}

# settled_total PORT KEY [PID]: waits until the key's workspace has leads and their count stops moving (every
# published event applied), then prints that count.
# With PID, exits 1 once that process (the service) has ended.
settled_total() {
  local port=$1 key=$2 service=${3:-} last=-1 total
  while :; do
    if [ -n "$service" ] && ! kill -0 "$service" 2>/dev/null; then echo "the service ended" >&2; exit 1; fi
    total=$(curl -s "http://localhost:$port/api/v2/leads?limit=1" -H "x-api-key: $key" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["pagination"]["total"])' 2>/dev/null || echo -1)
    [ "$total" = "$last" ] && [ "$total" -gt 0 ] && break
    last=$total; sleep 2
  done
  echo "$total"
}

# start_scratch_dev PORT KAFKA_PORT: starts `dev` (start_dev, no demo leads) on a fresh temporary data
# directory (in $dir; its pid in $pid) and stops it and removes the directory when the script exits.
start_scratch_dev() {
  dir=$(mktemp -d)
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir" "$dir.out" "$dir.err"' EXIT
  start_dev "$dir" "$1" "$2" 0 "$dir.out" "$dir.err"
  pid=$dev_pid
}
