#!/usr/bin/env bash
# Job search latency on 1,000,000 jobs (docs/api.md, "Searching jobs"), through the whole service path (HTTP, JWT, the
# search parser, the SQL) and with the PostgreSQL plan of each search.
#
# Usage: bench/job-search.sh [jobs=1000000] [requests per search=300]
#
# It runs its own service and PostgreSQL in $ALOE_BENCH_DATA (default /tmp/aloe-bench-search; PostgreSQL on
# 127.0.0.1:$ALOE_BENCH_PG_PORT, default 55439; the service on 127.0.0.1:$ALOE_BENCH_PORT, default 8097), seeds the jobs
# of tenant `bench` once (kept for the next run), and measures each search twice in this one run:
#   baseline  the list indexes the schema had before sql/0011_job_search_indexes.sql (0002's two list indexes);
#   indexed   the indexes of 0011.
# and prints p50/p99 of both and their ratio, because this machine is shared and noisy: compare ratios, not milliseconds.
# The plan of each search is the real one: auto_explain logs the statement the service sent (one request per search).
# The seeded jobs are rows only (no grains, no reminders); the service's revival sweep is off so it leaves them alone.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="${1:-1000000}"
requests="${2:-300}"
export ALOE_DATA_DIR="${ALOE_BENCH_DATA:-/tmp/aloe-bench-search}"
export ALOE_PG_PORT="${ALOE_BENCH_PG_PORT:-55439}"
port="${ALOE_BENCH_PORT:-8097}"
base="http://127.0.0.1:$port"
mkdir -p "$ALOE_DATA_DIR"
log() { echo "job-search: $*" >&2; }

psql_q() { ./aloe db psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

./aloe db install >/dev/null
./aloe db start >/dev/null
./aloe migrate >/dev/null

# auto_explain in every new session of the service's database; it logs nothing until log_min_duration is set below.
psql_q -c "ALTER DATABASE aloe SET session_preload_libraries = 'auto_explain'" >/dev/null

have="$(psql_q -c "SELECT count(*) FROM aloe_jobs WHERE tenant_id = 'bench'")"
if [[ "$have" -ne "$jobs" ]]; then
  log "seeding $jobs jobs of tenant bench (once; kept in $ALOE_DATA_DIR)"
  t0=$SECONDS
  # 1,000 owners; a year of jobs; 80 % FINISHED, 10 % FAILED, 5 % STOPPED, 2 % RUNNING, 3 % QUEUED; last update = end.
  psql_q <<SQL >/dev/null
DELETE FROM aloe_jobs WHERE tenant_id = 'bench';
INSERT INTO aloe_jobs (uuid, name, tenant_id, tenant_queue, status, accepted, created, ended, last_updated, owner, system_id,
    app_id, app_uuid, archive, node_count, processors_per_node, memory_per_node, max_hours, inputs, parameters, update_token)
SELECT gen_random_uuid(), 'sweep-' || (i % 5000), 'bench', 'benchDefaultQueue', s.status, c.created, c.created,
    CASE WHEN s.status IN ('RUNNING', 'QUEUED') THEN NULL ELSE c.created + (i % 240) * interval '1 minute' END,
    CASE WHEN s.status IN ('RUNNING', 'QUEUED') THEN c.created + interval '1 minute' ELSE c.created + (i % 240) * interval '1 minute' END,
    'u' || (i % 1000), 'local', 'wc-1.0', 'x', (i % 2 = 0), 1 + i % 4, 1, 1, 1,
    jsonb_build_object('inputFile', 'http://data.example.org/' || i || '.txt'), '{"mode": "words"}', 't'
FROM generate_series(1, $jobs) i
CROSS JOIN LATERAL (SELECT now() - interval '365 days' * (i::double precision / $jobs) AS created) c
CROSS JOIN LATERAL (SELECT CASE WHEN i % 100 < 80 THEN 'FINISHED' WHEN i % 100 < 90 THEN 'FAILED' WHEN i % 100 < 95 THEN 'STOPPED'
    WHEN i % 100 < 97 THEN 'RUNNING' ELSE 'QUEUED' END AS status) s;
SQL
  log "seeded in $((SECONDS - t0)) s"
fi
psql_q -c "VACUUM ANALYZE aloe_jobs" >/dev/null

log "starting the service on $base"
service_log="$ALOE_DATA_DIR/service.log"
Aloe__JobRevival__Enabled=false ./aloe up --urls "$base" >"$service_log" 2>&1 &
service_pid=$!
cleanup() {
  kill "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  psql_q -c "ALTER SYSTEM RESET auto_explain.log_min_duration" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || { tail -n 30 "$service_log" >&2; exit 1; }
  sleep 1
done
curl -fsS "$base/health/ready" >/dev/null || { log "the service did not become ready"; tail -n 30 "$service_log" >&2; exit 1; }

admin_token="$(./aloe token --tenant bench --user root --roles Internal/aloe-admin)"
user_token="$(./aloe token --tenant bench --user u7)"
day="$(date -u -d '200 days ago' +%Y-%m-%d)"
week_from="$(date -u -d '100 days ago' +%Y-%m-%d)"
week_to="$(date -u -d '94 days ago' +%Y-%m-%d)"
recent="$(date -u -d '2 days ago' +%Y-%m-%d)"

# name|token|query
searches=(
  "admin: status=RUNNING|$admin_token|status=RUNNING"
  "admin: status=FAILED|$admin_token|status=FAILED"
  "admin: owner=u7|$admin_token|owner=u7"
  "user u7: status=FINISHED (own jobs)|$user_token|status=FINISHED"
  "admin: created.on=<day>&orderBy=created|$admin_token|created.on=$day&orderBy=created"
  "admin: created.between=<week> (default order)|$admin_token|created.between=$week_from,$week_to"
  "admin: endTime.after=<2 days ago>&orderBy=ended|$admin_token|endTime.after=$recent&orderBy=ended"
  "admin: no terms (the default list)|$admin_token|"
)

# Prints the sorted request times (ms) of $requests GETs of one search over one kept-alive connection.
time_search() {
  local token="$1" query="$2" config
  config="$(mktemp)"
  {
    echo "header = \"Authorization: Bearer $token\""
    for _ in $(seq 1 "$requests"); do
      echo "url = \"$base/jobs/v2?limit=100&$query\""
      echo "output = /dev/null"
    done
  } >"$config"
  curl -s -K "$config" -w '%{http_code} %{time_total}\n' \
    | awk '$1 != 200 { bad++ } { printf "%.3f\n", $2 * 1000 } END { if (bad) { print "non-200 answers: " bad > "/dev/stderr"; exit 1 } }' \
    | sort -n
  rm -f "$config"
}

percentile() { awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p + 0.999999); if (i < 1) i = 1; print v[i] }'; }

# Runs every search; fills p50_<phase>[i] and p99_<phase>[i].
declare -A p50 p99
measure() {
  local phase="$1" i name token query times
  for i in "${!searches[@]}"; do
    IFS='|' read -r name token query <<<"${searches[$i]}"
    time_search "$token" "$query" >/dev/null   # warm-up: caches and connections
    times="$(time_search "$token" "$query")"
    p50[$phase,$i]="$(percentile 0.50 <<<"$times")"
    p99[$phase,$i]="$(percentile 0.99 <<<"$times")"
    log "$phase  $name: p50 ${p50[$phase,$i]} ms, p99 ${p99[$phase,$i]} ms"
  done
}

log "baseline: the list indexes before 0011"
psql_q <<'SQL' >/dev/null
DROP INDEX IF EXISTS ix_aloe_jobs_tenant_order, ix_aloe_jobs_owner_order, ix_aloe_jobs_search_status,
    ix_aloe_jobs_search_created, ix_aloe_jobs_search_ended;
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_list ON aloe_jobs (tenant_id, owner, visible, last_updated DESC);
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_tenant_list ON aloe_jobs (tenant_id, visible, last_updated DESC);
ANALYZE aloe_jobs;
SQL
measure baseline

log "indexed: sql/0011_job_search_indexes.sql"
./aloe db psql -X -q -v ON_ERROR_STOP=1 -f sql/0011_job_search_indexes.sql >/dev/null
psql_q -c "ANALYZE aloe_jobs" >/dev/null
measure indexed

# The plans: one request per search with auto_explain logging every statement (and its actual rows and time).
pg_log="$ALOE_DATA_DIR/pg/server.log"
psql_q -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" -c "ALTER SYSTEM SET auto_explain.log_analyze = on" \
  -c "SELECT pg_reload_conf()" >/dev/null
sleep 1   # the reload reaches every backend at its next command; one second is ample for an idle pool
echo
echo "== plans (indexed), as auto_explain logged the service's own statements"
for i in "${!searches[@]}"; do
  IFS='|' read -r name token query <<<"${searches[$i]}"
  offset="$(stat -c %s "$pg_log")"
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/jobs/v2?limit=100&$query"
  sleep 0.5
  echo "-- $name"
  tail -c +"$((offset + 1))" "$pg_log" | awk '/FROM aloe_jobs WHERE tenant_id/ { on = 1; next } on && /^[0-9]{4}-/ { on = 0 } on' \
    | sed -n '/Limit\|Scan\|Sort\|Index Cond\|Filter\|Execution Time\|Heap\|Recheck/p' | head -n 14
done
psql_q -c "ALTER SYSTEM RESET auto_explain.log_min_duration" -c "ALTER SYSTEM RESET auto_explain.log_analyze" \
  -c "SELECT pg_reload_conf()" >/dev/null

echo
echo "== job search on $jobs jobs, $requests requests per search, ms (baseline: indexes before 0011)"
printf '%-52s %10s %10s %10s %10s %9s\n' search "p50 base" "p99 base" "p50 idx" "p99 idx" "p99 ratio"
for i in "${!searches[@]}"; do
  IFS='|' read -r name _ _ <<<"${searches[$i]}"
  ratio="$(awk -v a="${p99[baseline,$i]}" -v b="${p99[indexed,$i]}" 'BEGIN { printf "%.1fx", a / b }')"
  printf '%-52s %10s %10s %10s %10s %9s\n' "$name" "${p50[baseline,$i]}" "${p99[baseline,$i]}" "${p50[indexed,$i]}" "${p99[indexed,$i]}" "$ratio"
done
