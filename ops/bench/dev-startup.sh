#!/usr/bin/env bash
# Measures `dev` start-up: time from launch until /health/ready answers 200 and the API answers,
# on an empty data directory (first start, with --demo-leads 0) and again on the same directory.
# Usage: ops/bench/dev-startup.sh   (builds the jar first if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/lead-projection.jar ] || mvn -q -B -ntp -DskipTests package
port=18181; kport=19191
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

measure() {
  local label=$1
  local start end
  start=$(date +%s%N)
  # The heap of ops/dev.sh: without a bound, dev would start its JVM a second time (DevRelaunch).
  java -Xms256m -Xmx2g -jar target/lead-projection.jar dev --data-dir "$dir" --port "$port" --kafka-port "$kport" \
    --demo-leads 0 >"$dir.out" 2>"$dir.err" &
  pid=$!
  until curl -sf "http://localhost:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "dev exited; see $dir.err" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  echo "BENCH dev-startup $label ready_ms=$(( (end - start) / 1000000 ))"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

measure "empty-data-dir"
measure "existing-data-dir"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
