#!/usr/bin/env bash
# Builds the jar when it is missing or older than the sources, then starts `dev` with any flags given.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/lead-projection.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src topics -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -q -B -ntp -DskipTests package
fi
exec java -jar "$jar" dev "$@"
