#!/usr/bin/env bash
# Builds the jar when it is missing or older than the sources, then starts `dev` with any flags given.
# JVM options: JAVA_OPTS, by default a 2 GiB heap (broker, projection and API share it; the query
# indexes take ~600 bytes a lead, so this holds ~2 million leads) and exit on OutOfMemoryError.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/lead-projection.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src topics -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -q -B -ntp -DskipTests package
fi
# Two glibc malloc arenas, as the container image sets (ops/runbook.md, Memory sizing).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# glibc's free memory returned every 5 s, where the JVM knows the option (17.0.9 and later).
trim=""
if java -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
  trim="-XX:TrimNativeHeapInterval=5000"
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:--Xms256m -Xmx2g -XX:+ExitOnOutOfMemoryError $trim} -jar "$jar" dev "$@"
