#!/usr/bin/env bash
# Notification delivery speed (docs/notifications.md): 1,000 jobs, each with a persistent webhook on every event ("*"),
# through the whole service on this machine. Prints, in one run:
#   - p50/p99 from a status change's commit (the history event's timestamp, taken in the statement that commits it)
#     to the webhook's arrival at a real HTTP receiver (bench/webhook_receiver.py);
#   - the same while every job also notifies a receiver that never answers (it holds its tries until they time out);
#   - durable submissions/s of those 1,000 jobs with and without notifications, and their ratio.
# Report ratios, not milliseconds: this machine is shared and noisy.
#
# Usage: bench/notifications.sh [jobs=1000] [parallel submitters=16]
# Runs its own PostgreSQL and service in $ALOE_BENCH_DATA (default /tmp/aloe-bench-notify, recreated each run;
# PostgreSQL on 127.0.0.1:$ALOE_BENCH_PG_PORT, default 55440; the service on 127.0.0.1:$ALOE_BENCH_PORT, default 8098;
# the receivers on 18098 and 18099).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="${1:-1000}"
parallel="${2:-16}"
export ALOE_DATA_DIR="${ALOE_BENCH_DATA:-/tmp/aloe-bench-notify}"
export ALOE_PG_PORT="${ALOE_BENCH_PG_PORT:-55440}"
port="${ALOE_BENCH_PORT:-8098}"
base="http://127.0.0.1:$port"
ok_port=18098
dead_port=18099
log() { echo "notifications: $*" >&2; }
psql_q() { ./aloe db psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

source bench/bench-dir.sh
require_bench_dir "$ALOE_DATA_DIR"
./aloe db stop >/dev/null 2>&1 || true
fresh_bench_dir "$ALOE_DATA_DIR"
./aloe db install >/dev/null
./aloe db start >/dev/null
./aloe migrate >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ./aloe db stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

/usr/bin/python3 bench/webhook_receiver.py "$ok_port" "$ALOE_DATA_DIR/ok.log" ok & pids+=($!)
/usr/bin/python3 bench/webhook_receiver.py "$dead_port" "$ALOE_DATA_DIR/dead.log" hang & pids+=($!)

service_log="$ALOE_DATA_DIR/service.log"
# One silo, default settings; more queue workers so that 1,000 jobs run at once as a busy gateway's would, and the
# per-user rate limit out of the way of the submitters.
Aloe__Queues__NumWorkers=1000 Aloe__Queues__MaxUserShareOfWorkers=1 Aloe__Gateway__RateLimit__TokensPerSecond=100000 \
  Aloe__Gateway__RateLimit__BurstLimit=100000 ./aloe up --urls "$base" >"$service_log" 2>&1 & pids+=($!)
for _ in $(seq 1 180); do
  curl -fsS "$base/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$base/health/ready" >/dev/null || { log "the service did not become ready"; tail -n 30 "$service_log" >&2; exit 1; }
token="$(./aloe token --tenant dev --user bench)"
mkdir -p "$ALOE_DATA_DIR/tenants/dev/local-storage/bench"
printf 'one two three\n' >"$ALOE_DATA_DIR/tenants/dev/local-storage/bench/input.txt"

# submit <label> <notifications json>: $jobs POSTs by $parallel submitters; prints the submissions per second.
submit() {
  local label="$1" notifications="$2" body t0 t1 bad
  body="{\"name\":\"$label\",\"appId\":\"wc-1.0\",\"archive\":false,\"inputs\":{\"inputFile\":\"bench/input.txt\"},\"parameters\":{\"mode\":\"words\"},\"notifications\":$notifications}"
  t0="$(date +%s.%N)"
  bad="$(seq 1 "$jobs" | xargs -P "$parallel" -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$body" "$base/jobs/v2" | grep -vc '^201$' || true)"
  t1="$(date +%s.%N)"
  if [[ "$bad" -ne 0 ]]; then
    log "$label: $bad submissions were not 201; one of them answered:"
    curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$base/jobs/v2" >&2
    exit 1
  fi
  awk -v n="$jobs" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", n / (b - a) }'
}

# wait_for <what> <sql returning 0 when done>
wait_for() {
  local what="$1" sql="$2" t0=$SECONDS left
  while left="$(psql_q -c "$sql")" && [[ "$left" != 0 ]]; do
    ((SECONDS - t0 < 1800)) || { log "$what: still $left after 30 min"; exit 1; }
    sleep 2
  done
}

# latency <label>: p50 and p99 (ms) from each delivered event's commit to its arrival at the ok receiver.
latency() {
  local label="$1"
  psql_q -c "CREATE TEMP TABLE arrivals (arrived_ms bigint, delivery uuid, event text, path text)" \
    -c "\\copy arrivals FROM '$ALOE_DATA_DIR/ok.log' WITH (FORMAT text, DELIMITER ' ')" \
    -c "SELECT count(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY ms), percentile_disc(0.99) WITHIN GROUP (ORDER BY ms)
        FROM (SELECT DISTINCT ON (a.delivery) a.arrived_ms - (extract(epoch FROM e.created) * 1000)::bigint AS ms
              FROM arrivals a JOIN aloe_notification_deliveries d ON d.uuid = a.delivery
              JOIN aloe_job_events e ON e.id = d.event_id JOIN aloe_jobs j ON j.uuid = d.job_uuid
              WHERE j.name = '$label' ORDER BY a.delivery, a.arrived_ms) x" | tr '|' ' '
}

log "1/3: $jobs jobs without notifications"
rate_plain="$(submit plain '[]')"
wait_for "plain jobs" "SELECT count(*) FROM aloe_jobs WHERE name = 'plain' AND status NOT IN ('FINISHED','FAILED','STOPPED')"

log "2/3: $jobs jobs with a persistent webhook on every event"
rate_notified="$(submit notified "[{\"event\":\"*\",\"persistent\":true,\"url\":\"http://127.0.0.1:$ok_port/h/\${JOB_ID}/\${EVENT}\"}]")"
wait_for "notified jobs" "SELECT count(*) FROM aloe_jobs WHERE name = 'notified' AND status NOT IN ('FINISHED','FAILED','STOPPED')"
wait_for "their deliveries" "SELECT count(*) FROM aloe_notification_deliveries d JOIN aloe_jobs j ON j.uuid = d.job_uuid WHERE j.name = 'notified' AND d.state = 'PENDING'"
read -r n_notified p50_notified p99_notified <<<"$(latency notified)"

log "3/3: $jobs jobs notifying that receiver and one that never answers"
rate_dead="$(submit deadpeer "[{\"event\":\"*\",\"persistent\":true,\"url\":\"http://127.0.0.1:$ok_port/h/\${JOB_ID}/\${EVENT}\"},{\"event\":\"*\",\"persistent\":true,\"url\":\"http://127.0.0.1:$dead_port/h/\${JOB_ID}\",\"policy\":{\"retryStrategy\":\"NONE\"}}]")"
wait_for "those jobs" "SELECT count(*) FROM aloe_jobs WHERE name = 'deadpeer' AND status NOT IN ('FINISHED','FAILED','STOPPED')"
wait_for "their deliveries to the live receiver" "SELECT count(*) FROM aloe_notification_deliveries d JOIN aloe_jobs j ON j.uuid = d.job_uuid WHERE j.name = 'deadpeer' AND d.state = 'PENDING' AND d.destination = '127.0.0.1:$ok_port'"
read -r n_dead p50_dead p99_dead <<<"$(latency deadpeer)"
dead_tries="$(wc -l <"$ALOE_DATA_DIR/dead.log")"
failed="$(psql_q -c "SELECT count(*) FROM aloe_jobs WHERE status <> 'FINISHED'")"

echo
echo "== notifications: $jobs jobs per phase, wc-1.0 on the local system, one silo, $(nproc) cores"
printf '%-58s %10s %10s %10s\n' "webhooks (commit of the event -> arrival)" deliveries "p50 ms" "p99 ms"
printf '%-58s %10s %10s %10s\n' "every event, one receiver" "$n_notified" "$p50_notified" "$p99_notified"
printf '%-58s %10s %10s %10s\n' "every event, plus a receiver that never answers" "$n_dead" "$p50_dead" "$p99_dead"
echo "tries held by the receiver that never answers meanwhile: $dead_tries; jobs not FINISHED: $failed"
printf '%-58s %10s\n' "submissions/s without notifications" "$rate_plain"
printf '%-58s %10s\n' "submissions/s with a webhook on every event" "$rate_notified"
printf '%-58s %10s\n' "submissions/s with two webhooks (one dead)" "$rate_dead"
awk -v a="$rate_notified" -v b="$rate_plain" 'BEGIN { printf "ratio: submit throughput with / without notifications = %.2f\n", a / b }'
