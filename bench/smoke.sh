#!/usr/bin/env bash
# Runs every benchmark of issue 13 at its tiny "smoke" size, so that CI notices a benchmark that no longer runs. The
# figures of a smoke run mean nothing (a few jobs, seconds of load); each benchmark must only finish and print its
# result line. Usage: bench/smoke.sh [name ...]   (default: acceptance end-to-end tracking)
# Logs: $ALOE_BENCH_SMOKE_LOGS (default /tmp/aloe-bench-smoke)/<name>.log
set -euo pipefail
cd "$(dirname "$0")/.."
logs="${ALOE_BENCH_SMOKE_LOGS:-/tmp/aloe-bench-smoke}"
mkdir -p "$logs"
names=("$@")
(( ${#names[@]} > 0 )) || names=(acceptance end-to-end tracking)

# What each benchmark prints last when it ran to the end.
declare -A expect=(
  [acceptance]='^cpu: [0-9.]+ ms of service CPU per accepted job'
  [end-to-end]='^end-to-end B: .* the time \(goal'
  [tracking]='^total run: [0-9]+ s'
)
failed=0
for name in "${names[@]}"; do
  [[ -x "bench/$name.sh" ]] || { echo "smoke: no bench/$name.sh" >&2; failed=1; continue; }
  started=$SECONDS
  if bench/"$name".sh --smoke >"$logs/$name.log" 2>&1 && tail -n 1 "$logs/$name.log" | grep -Eq "${expect[$name]:-.}"; then
    echo "smoke: $name ok in $((SECONDS - started)) s: $(tail -n 1 "$logs/$name.log")"
  else
    echo "smoke: $name FAILED after $((SECONDS - started)) s; the end of $logs/$name.log:" >&2
    tail -n 30 "$logs/$name.log" >&2
    failed=1
  fi
done
exit "$failed"
