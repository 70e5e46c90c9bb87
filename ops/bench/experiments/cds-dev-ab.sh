#!/usr/bin/env bash
# A/B of class-data sharing: two `dev --demo-leads 0` of one jar started at the same moment, one with
# -XX:SharedArchiveFile=<archive>, each timed to /health/ready; prints its CPU seconds then (/proc/<pid>/stat).
# Usage: ops/bench/experiments/cds-dev-ab.sh <jar> <archive>   (make the archive: ops/cds-archive.sh <jar> <archive>)
set -u
jar=$(readlink -f "${1:?usage: cds-dev-ab.sh <jar> <archive made by ops/cds-archive.sh for it>}")
archive=$(readlink -f "${2:?archive}")
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
run() { # label, extra jvm opt
  local d; d=$(mktemp -d /tmp/boot-cdsab.XXXX); local hp; hp=$(port); local kp; kp=$(port)
  java -Xmx1g $2 -jar $jar dev --data-dir $d/data --port $hp --kafka-port $kp --demo-leads 0 > $d/log 2>&1 &
  local pid=$!; local t0; t0=$(date +%s.%N)
  until curl -sf localhost:$hp/health/ready >/dev/null; do sleep 0.2; kill -0 $pid 2>/dev/null || { echo "$1 died"; tail -5 $d/log; return; }; done
  local t1; t1=$(date +%s.%N)
  local cpu; cpu=$(awk '{print ($14+$15)/100}' /proc/$pid/stat)
  echo "$1 ready after $(echo "$t1 - $t0" | bc) s, CPU $cpu s, load $(cut -d' ' -f1 /proc/loadavg), $(grep -c 'start-up' $d/log) start-up lines; $(grep -o 'start-up: options read after [0-9]* ms' $d/log)"
  kill -TERM $pid; wait $pid 2>/dev/null; rm -rf $d
}
echo "start $(date -u +%T) $(uptime)"
run with-cds "-XX:SharedArchiveFile=$archive" &
run without "" &
wait
echo "end $(date -u +%T) $(uptime)"
