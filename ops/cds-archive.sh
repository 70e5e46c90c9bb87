#!/usr/bin/env bash
# Builds a class-data-sharing archive (AppCDS: a Java 17 dynamic archive) for a lead-projection jar
# from a training run: `dev` on a throwaway data directory until /health/ready, a few list queries,
# then SIGTERM (the JVM writes the archive as it exits). Start the service with
#   java -XX:SharedArchiveFile=<archive> -jar <jar> serve ...
# on the same JVM and the same jar at the same path: the archive records the jar's path, size and
# time, and a JVM that finds them changed ignores the archive (with a warning) and starts as without.
# ops/Dockerfile runs this at image build time.
#
# Usage: ops/cds-archive.sh <jar> <archive>
#   TRAINING_HTTP_PORT, TRAINING_KAFKA_PORT   ports of the training run (default: free ones)
set -euo pipefail
jar=$(readlink -f "$1")
archive=$(readlink -f "$(dirname "$2")")/$(basename "$2")
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
  else
    echo "$1"
  fi
}
http=${TRAINING_HTTP_PORT:-$(free_port 18080)}
kafka=${TRAINING_KAFKA_PORT:-$(free_port 19092)}
key=bna_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

rm -f "$archive"
java -Xmx1g -XX:ArchiveClassesAtExit="$archive" -jar "$jar" dev \
  --data-dir "$tmp/data" --port "$http" --kafka-port "$kafka" --demo-leads 2000 --dev-api-key "$key" \
  >"$tmp/training.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  if curl -sf "http://localhost:$http/health/ready" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$tmp/training.log" >&2; echo "training run ended early" >&2; exit 1; fi
  sleep 0.5
done
for query in 'limit=25' 'search=john&limit=10' 'status=new&sortBy=lastName&sortOrder=asc&limit=5' 'createdAfter=2025-01-01T00:00:00Z&limit=5'; do
  curl -sf -H "x-api-key: $key" "http://localhost:$http/api/v2/leads?$query" >/dev/null || true
done
kill -TERM "$pid"
wait "$pid" || true
pid=""
if [ ! -s "$archive" ]; then
  tail -20 "$tmp/training.log" >&2
  echo "no archive written" >&2
  exit 1
fi
echo "wrote $archive ($(du -h "$archive" | cut -f1))"
