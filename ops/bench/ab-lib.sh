# Shared by the A/B scripts (export-ab.sh, query-ab.sh); source it, do not run it.
# ab_copy REF NAME: prints a temporary directory holding REF's tree with this tree's benchmark
#   classes (so both sides measure alike); the caller removes it.
# ab_both RUN OUT A_DIR B_DIR A_ARGS B_ARGS: runs `RUN dir log jvm-args` for A and B at the same
#   time, then prints each side's BENCH lines (or its log's tail) and both exit codes.

ab_copy() {
  local dir
  dir=$(mktemp -d "/tmp/$2.XXXXXX")
  git archive "$1" | tar -x -C "$dir"
  rm -rf "$dir/src/test/java/ai/buena/leads/bench"
  cp -r src/test/java/ai/buena/leads/bench "$dir/src/test/java/ai/buena/leads/bench"
  echo "$dir"
}

ab_both() {
  local run=$1 out=$2 a_pid b_pid a_rc=0 b_rc=0 side
  "$run" "$3" "$out/a.log" "$5" &
  a_pid=$!
  "$run" "$4" "$out/b.log" "$6" &
  b_pid=$!
  wait "$a_pid" || a_rc=$?
  wait "$b_pid" || b_rc=$?
  for side in a b; do
    echo "== ${side^^}"
    grep -h 'BENCH' "$out/$side.log" || tail -30 "$out/$side.log"
  done
  echo "exit codes: A $a_rc, B $b_rc; $(uptime)"
}
