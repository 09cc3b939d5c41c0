#!/usr/bin/env bash
# Acceptance path against the database's own speed (issue 13, goal 1), in one run on this machine:
#   1. a private service (`./aloe up` with its own data folder and PostgreSQL port), one worker slot so jobs wait
#      instead of running: what is measured is HTTP + JWT + validation + routing + admission + the committed ACCEPTED row;
#   2. wrk POSTs jobs at C connections for S seconds (after a warm-up) -> durable submits/s, p50, p99;
#   3. pgbench runs a single-row durable INSERT of a job-sized row at the same C clients on the same PostgreSQL -> inserts/s;
#   4. prints the ratio last.
# Usage: bench/acceptance.sh [seconds=15] [connections=64]
# Env: ALOE_BENCH_DIR (default /tmp/aloe-bench-acceptance), ALOE_BENCH_PG_PORT (55471), ALOE_BENCH_HTTP_PORT (8471).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"; connections="${2:-64}"
dir="${ALOE_BENCH_DIR:-/tmp/aloe-bench-acceptance}"
pg_port="${ALOE_BENCH_PG_PORT:-55471}"; http_port="${ALOE_BENCH_HTTP_PORT:-8471}"
url="http://127.0.0.1:$http_port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-contrib >/dev/null; }

export ALOE_DATA_DIR="$dir" ALOE_PG_PORT="$pg_port"
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill -TERM "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  ./scripts/pg.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# One slot, a backlog that never fills during the run: every submission is accepted and then waits.
Aloe__Queues__NumWorkers=1 Aloe__Queues__MaxMessages=1000000 Aloe__Gateway__RateLimit__TokensPerSecond=1000000 \
  Aloe__Gateway__RateLimit__BurstLimit=1000000 ./aloe up --urls "$url" >"$dir.log" 2>&1 &
service_pid=$!
for _ in $(seq 180); do curl -sf "$url/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$url/health/ready" >/dev/null || { echo "the service did not start; see $dir.log" >&2; exit 1; }
mkdir -p "$dir/tenants/dev/local-storage/bench"
printf 'one two three\n' > "$dir/tenants/dev/local-storage/bench/input.txt"
ALOE_TOKEN="$(./aloe token --tenant dev --user bench)"
export ALOE_TOKEN

echo "== warm-up (5 s)"
wrk -t 2 -c "$connections" -d 5s -s bench/submit.lua "$url" >/dev/null
echo "== service: $connections connections, $seconds s"
service_out="$(wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s bench/submit.lua "$url")"
echo "$service_out" | grep -E "Requests/sec|requests [0-9]+, errors"
service_rate="$(echo "$service_out" | awk '/Requests\/sec/ {print $2}')"

# The service's connection pool would leave pgbench too few of PostgreSQL's connections: stop it first.
kill -TERM "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
echo "== pgbench: single-row INSERT of a job-sized row, $connections clients, $seconds s"
# libpq settings from the Npgsql connection string pg.sh prints (Host=…;Port=…;Username=…;Password=…;Database=…).
IFS=';' read -ra parts <<<"$(./scripts/pg.sh url)"
for part in "${parts[@]}"; do
  case "$part" in
    Host=*) export PGHOST="${part#Host=}" ;;
    Port=*) export PGPORT="${part#Port=}" ;;
    Username=*) export PGUSER="${part#Username=}" ;;
    Password=*) export PGPASSWORD="${part#Password=}" ;;
    Database=*) export PGDATABASE="${part#Database=}" ;;
  esac
done
psql -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_insert; CREATE TABLE bench_insert (id bigserial PRIMARY KEY, uuid uuid NOT NULL DEFAULT gen_random_uuid(), payload text NOT NULL)" >/dev/null
script="$(mktemp)"
# About the width of an ACCEPTED job row with its history event.
echo "INSERT INTO bench_insert (payload) VALUES (repeat('x', 1500));" > "$script"
pg_out="$(pgbench -n -c "$connections" -j 2 -T "$seconds" -f "$script" 2>&1)"
rm -f "$script"
psql -qc "DROP TABLE bench_insert" >/dev/null
pg_rate="$(echo "$pg_out" | awk '/^tps/ {print $3; exit}')"
echo "pgbench: $pg_rate inserts/s"

awk -v s="$service_rate" -v p="$pg_rate" 'BEGIN { printf "acceptance: %.0f submits/s against %.0f inserts/s = %.1f %% of the database (goal >= 50 %%)\n", s, p, 100 * s / p }'
