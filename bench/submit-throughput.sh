#!/usr/bin/env bash
# Durable submissions per second against a running service (`./aloe up`): wrk POSTs wc-1.0 jobs for a fixed time.
# Usage: bench/submit-throughput.sh [seconds=10] [connections=32] [url=http://127.0.0.1:8080]
# Report results as a ratio against a baseline run in the same session: this machine is shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; connections="${2:-32}"; url="${3:-http://127.0.0.1:8080}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
data="${ALOE_DATA_DIR:-$PWD/.aloe}"
mkdir -p "$data/systems/local-storage/bench"
printf 'one two three\n' > "$data/systems/local-storage/bench/input.txt"
ALOE_TOKEN="$(./aloe token --tenant dev --user bench)"
export ALOE_TOKEN
wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s bench/submit.lua "$url"
