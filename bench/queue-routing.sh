#!/usr/bin/env bash
# The cost of routing by queue filters (docs/queues.md, "Routing"), with N queues per tenant whose filters are all
# false for the benchmark's jobs (every filter is tried, the worst case):
#   1. in-process: microseconds per submission with 1 queue and with N (bench/QueueRouting);
#   2. against a running service (`./aloe up` with the same ALOE_DATA_DIR): durable submissions/s with the DefaultQueue
#      alone, then with N queues, alternated twice after a warm-up run (bench/submit-throughput.sh); the ratio is printed last.
# Usage: bench/queue-routing.sh [queues=50] [seconds=10] [connections=32] [url=http://127.0.0.1:8080]
# It leaves tenant dev with its DefaultQueue alone.
set -euo pipefail
cd "$(dirname "$0")/.."
queues="${1:-50}"; seconds="${2:-10}"; connections="${3:-32}"; url="${4:-http://127.0.0.1:8080}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== in-process routing cost"
dotnet run -c Release --project bench/QueueRouting -- "$queues" 200000 --write-file "$work/many.json" | tee "$work/micro.txt"

# The benchmark's DefaultQueue admits everything the runs submit, so no 429 skews either side.
python3 - "$work/many.json" "$work/one.json" <<'PY'
import json, sys
many = json.load(open(sys.argv[1]))
for queue in many:
    if queue["priority"] == 1:
        queue["maxMessages"] = 10000000
json.dump(many, open(sys.argv[1], "w"))
json.dump([q for q in many if q["priority"] == 1], open(sys.argv[2], "w"))
PY

curl -fsS "$url/health/ready" >/dev/null || { echo "no service at $url: start ./aloe up first (same ALOE_DATA_DIR)" >&2; exit 1; }
import() { # the service's jobs may hold every database connection for a moment: try a few times
  for _ in 1 2 3 4 5 6; do
    ./aloe import-queues "$1" --drain-to aloe.jobq.dev.submit.DefaultQueue >"$work/import.log" 2>&1 && return 0
    sleep 5
  done
  cat "$work/import.log" >&2
  return 1
}
rate() { # import $1, run the submit benchmark, print requests/s
  import "$1"
  bench/submit-throughput.sh "$seconds" "$connections" "$url" | awk '/Requests\/sec/ { print $2 }'
}
echo "warm-up run (not counted): $(rate "$work/one.json") submissions/s"
declare -a one=() many=()
for round in 1 2; do
  one+=("$(rate "$work/one.json")"); echo "round $round: DefaultQueue alone ${one[-1]} submissions/s"
  many+=("$(rate "$work/many.json")"); echo "round $round: $queues queues ${many[-1]} submissions/s"
done
import "$work/one.json"
python3 - "${one[@]}" "${many[@]}" <<PY
import sys
values = [float(v) for v in sys.argv[1:]]
one, many = sum(values[:2]) / 2, sum(values[2:]) / 2
print(f"submissions/s: DefaultQueue alone {one:.1f}, $queues queues {many:.1f}; ratio $queues queues / 1 queue = {many / one:.3f}")
PY
