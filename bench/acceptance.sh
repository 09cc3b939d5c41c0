#!/usr/bin/env bash
# The acceptance path against the database's own speed (issue 13, goal 1), in one run on this machine:
#   1. a private service (`./aloe up` with its own data folder, PostgreSQL, HTTP and Orleans ports) with one worker slot,
#      so jobs wait instead of running: what is measured is HTTP + JWT + validation + routing + admission + the committed
#      ACCEPTED row (and the PENDING write and resume reminder that follow each job within milliseconds);
#   2. wrk POSTs jobs at C connections for S seconds after a 20 s warm-up (the JIT settles: steady state is measured) -> durable submits/s, p50, p99, and the service's
#      CPU time per accepted job (from /proc, user + system);
#   3. bench/RateLoad POSTs at half that rate, open loop (each request due at its time, its latency counted from then)
#      -> p50/p99 at half rate (goal p99 <= 20 ms);
#   4. pgbench runs a single-row durable INSERT of a job-sized row at the same C clients on the same PostgreSQL;
#   5. prints the ratios last.
# Every figure is a ratio within one run: this machine is shared and noisy.
# Usage: bench/acceptance.sh [seconds=15] [connections=64]    bench/acceptance.sh --smoke   (CI: 2 s, 4 connections)
# Env: ALOE_BENCH_DIR (default /tmp/aloe-bench-acceptance), ALOE_BENCH_PG_PORT (55471), ALOE_BENCH_HTTP_PORT (8471),
#      ALOE_BENCH_SILO_PORT (11471), ALOE_BENCH_GATEWAY_PORT (30471).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--smoke" ]]; then seconds=2; connections=4; warmup=1; else seconds="${1:-15}"; connections="${2:-64}"; warmup=20; fi
dir="${ALOE_BENCH_DIR:-/tmp/aloe-bench-acceptance}"
source bench/bench-dir.sh
require_bench_dir "$dir"
pg_port="${ALOE_BENCH_PG_PORT:-55471}"; http_port="${ALOE_BENCH_HTTP_PORT:-8471}"
url="http://127.0.0.1:$http_port"
need() { command -v "$1" >/dev/null || { sudo -n true 2>/dev/null && s=sudo || s=; $s apt-get update -qq && $s apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk; need pgbench postgresql-contrib; need curl curl
dotnet build bench/RateLoad -c Release -nologo -v quiet -clp:ErrorsOnly >&2

export ALOE_DATA_DIR="$dir" ALOE_PG_PORT="$pg_port"
export Orleans__SiloPort="${ALOE_BENCH_SILO_PORT:-11471}" Orleans__GatewayPort="${ALOE_BENCH_GATEWAY_PORT:-30471}"
service_pid=""
cleanup() {
  if [[ -n "$service_pid" ]]; then kill -TERM "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  ./scripts/pg.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
# A fresh folder each run: jobs left from an earlier run would fill the queue and grow the tables.
fresh_bench_dir "$dir"

# One slot and a backlog that never fills: every submission is accepted and then waits.
Aloe__Queues__NumWorkers=1 Aloe__Queues__MaxMessages=10000000 Aloe__Gateway__RateLimit__TokensPerSecond=1000000 \
  Aloe__Gateway__RateLimit__BurstLimit=1000000 ./aloe up --urls "$url" >"$dir.log" 2>&1 &
service_pid=$!
for _ in $(seq 240); do curl -sf "$url/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$url/health/ready" >/dev/null || { echo "the service did not start; see $dir.log" >&2; exit 1; }
mkdir -p "$dir/tenants/dev/local-storage/bench"
printf 'one two three\n' > "$dir/tenants/dev/local-storage/bench/input.txt"
ALOE_TOKEN="$(./aloe token --tenant dev --user bench)"
export ALOE_TOKEN
body="$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/submit.lua)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$service_pid/stat"; }

echo "== warm-up (${warmup} s)"
wrk -t 2 -c "$connections" -d "${warmup}s" -s bench/submit.lua "$url" >/dev/null
echo "== service: $connections connections, $seconds s"
ticks_before="$(cpu_ticks)"
service_out="$(wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s bench/submit.lua "$url")"
ticks_after="$(cpu_ticks)"
echo "$service_out" | grep -E "Requests/sec|requests [0-9]+, errors"
service_rate="$(echo "$service_out" | awk '/Requests\/sec/ {print $2}')"
service_p99="$(echo "$service_out" | sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p')"
# Every 2xx answer is a committed job (PostgreSQL holds too few connections to count rows while the service runs).
committed="$(echo "$service_out" | awk '/^requests [0-9]+, errors/ { gsub(",", ""); print $2 - $4 }')"
hz="$(getconf CLK_TCK)"
cpu_ms="$(awk -v t=$((ticks_after - ticks_before)) -v n="$committed" -v hz="$hz" 'BEGIN { printf "%.2f", (n > 0 ? 1000 * t / hz / n : 0) }')"
echo "service CPU per accepted job: $cpu_ms ms ($committed jobs committed during the run)"

half="$(awk -v r="$service_rate" 'BEGIN { printf "%.1f", r / 2 }')"
echo "== service at half that rate: $half/s, open loop, $seconds s"
printf '%s' "$body" > "$dir.body.json"
half_out="$(dotnet bench/RateLoad/bin/Release/net10.0/RateLoad.dll "$url/jobs/v2" "$half" "$seconds" "$dir.body.json" || true)"
echo "$half_out"
half_rate="$(echo "$half_out" | sed -n 's/^rate \([0-9.]*\)\/s.*/\1/p')"
half_p99="$(echo "$half_out" | sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p')"

# The service's connection pool would leave pgbench too few of PostgreSQL's connections: stop it first.
kill -TERM "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
echo "== pgbench: single-row INSERT of a job-sized row, $connections clients, $seconds s"
source bench/libpq-env.sh
export_libpq_env
psql -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_insert; CREATE TABLE bench_insert (id bigserial PRIMARY KEY, uuid uuid NOT NULL DEFAULT gen_random_uuid(), payload text NOT NULL)" >/dev/null
script="$(mktemp)"
# About the width of an ACCEPTED job row with its history event.
echo "INSERT INTO bench_insert (payload) VALUES (repeat('x', 1500));" > "$script"
pg_out="$(pgbench -n -c "$connections" -j 2 -T "$seconds" -f "$script" 2>&1)"
rm -f "$script"
psql -qc "DROP TABLE bench_insert" >/dev/null
pg_rate="$(echo "$pg_out" | awk '/^tps/ {print $3; exit}')"
echo "pgbench: $pg_rate inserts/s"

echo "== result"
awk -v s="$service_rate" -v p="$pg_rate" -v p99="$service_p99" -v c="$connections" \
  'BEGIN { printf "acceptance: %.0f submits/s (p99 %s ms) against %.0f single-row inserts/s at %d clients = %.1f %% of the database (goal >= 50 %%)\n", s, p99, p, c, 100 * s / p }'
awk -v r="$half_rate" -v p99="$half_p99" 'BEGIN { printf "half rate: %.0f submits/s, p99 %s ms (goal <= 20 ms)\n", r, p99 }'
echo "cpu: $cpu_ms ms of service CPU per accepted job"
