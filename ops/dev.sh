#!/usr/bin/env bash
# Builds the jar when it is missing or older than the sources, then starts `dev` with any flags given.
# JVM options: JAVA_OPTS, by default a 2 GiB heap (broker, projection and API share it; the query
# indexes take ~600 bytes a lead, so this holds ~2 million leads) and exit on OutOfMemoryError; on
# Java 21 and later also -Djava.io.tmpdir=<data-dir>/tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/lead-projection.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src topics -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -q -B -ntp -DskipTests package
fi
# Two glibc malloc arenas, as the container image sets (ops/runbook.md, Memory sizing).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# glibc's free memory returned every 5 s, where the JVM knows the option (17.0.9 and later); the
# same probe prints the JDK's properties.
trim=""
if settings=$(java -XX:TrimNativeHeapInterval=5000 -XshowSettings:properties -version 2>&1); then
  trim="-XX:TrimNativeHeapInterval=5000"
else
  settings=$(java -XshowSettings:properties -version 2>&1 || true)
fi
# From Java 21 on the JDK reads java.io.tmpdir only at its start: the service's temporary files
# (lz4's native library) go to <data-dir>/tmp, emptied at each start, only when it is given here.
tmpdir=""
major=$(printf '%s\n' "$settings" | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
if [ "${major:-17}" -ge 21 ]; then
  data_dir=${DATA_DIR:-./data}
  previous=""
  for arg in "$@"; do
    case "$arg" in --data-dir=*) data_dir=${arg#--data-dir=} ;; esac
    if [ "$previous" = "--data-dir" ]; then data_dir=$arg; fi
    previous=$arg
  done
  mkdir -p "$data_dir/tmp" # the JVM warns at its start when it is missing
  tmpdir="-Djava.io.tmpdir=$data_dir/tmp"
fi
if [ -n "${JAVA_OPTS:-}" ]; then
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  exec java $JAVA_OPTS -jar "$jar" dev "$@"
fi
options=(-Xms256m -Xmx2g -XX:+ExitOnOutOfMemoryError)
if [ -n "$trim" ]; then options+=("$trim"); fi
if [ -n "$tmpdir" ]; then options+=("$tmpdir"); fi
exec java "${options[@]}" -jar "$jar" dev "$@"
