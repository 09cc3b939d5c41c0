#!/usr/bin/env bash
# Tracking at scale (issue 13, goal 3): what an idle tracked job costs the silo and the database, and what a silo
# start costs, with S jobs QUEUED on Slurm (the node drained, so they stay pending) and T jobs unfinished in total.
#
# What it does, in one run on this machine, with its own private servers (nothing shared with ./aloe up or the tests):
#   1. PostgreSQL, sshd and Slurm (scripts/pg.sh, sshd.sh, slurm.sh) on the bench's own ports and data folder, the Slurm
#      node drained; the service (`./aloe up` of ALOE_BENCH_REPO) with its own HTTP and Orleans ports and an operator
#      credential for /metrics; a Slurm system over SSH and the app sleep-1.0 registered through the API.
#   2. Two jobs through the API into tenant queue dev's default queue with ONE worker slot: job A takes the slot and is
#      QUEUED on Slurm, job B waits PENDING. Baseline: the silo's memory with these 2 jobs.
#   3. Seeding (the service stopped; every row is what the service wrote for A or B, with a new uuid): S-1 copies of A,
#      each with a Slurm job of its own (sbatch as the SSH user, named after the new uuid, as the service names its
#      jobs), and T-S-1 copies of B. Copied per job: its aloe_jobs row (uuid, update_token and the uuid inside text
#      fields replaced, remote_job_id/scheduler_job_id set to the new Slurm id, idempotency_key NULL) and its
#      aloe_job_events and aloe_job_permissions rows, and its reminder row (OrleansRemindersTable: the template's with the
#      new grain id and the grain hash Orleans computes for it, bench/grain-hash.fsx; its start time moved by a random part
#      of the period, as jobs submitted over time have their ticks spread over the minute). The default queue's num_workers is
#      set to S (as a queue update writes it), so the S QUEUED jobs hold the S slots and the others stay PENDING.
#   4. Start 1 (the first start over the seeded rows: the start-up sweep resumes every job), settle, then a window of W
#      seconds: scheduler calls (aloe_scheduler_calls_total
#      and slurmctld's sdiag RPCs of the SSH user), monitor ticks, database transactions/s, activations; memory (managed
#      heap after a full GC, induced through dotnet-trace's GC heap-snapshot keyword when dotnet-trace is installed, and
#      RSS), and database rows and bytes per job.
#   5. Start 2 (the silo restarts with T jobs and their reminders): transactions/s and activations for R seconds,
#      against a stated budget.
#   6. Prints the figures and ratios last.
# The T-S non-Slurm jobs are PENDING in a tenant queue whose slots are all taken (the choice for "tracked elsewhere").
#
# Usage: bench/tracking.sh [--smoke] [S=10000] [T=100000]
#   --smoke: S=20, T=200, 30 s windows (about 3 minutes once the service is built; CI runs this).
# Env: ALOE_BENCH_REPO (the checkout whose service is measured; default this one, e.g. /work/wt-base for "before"),
#   ALOE_BENCH_DIR (/tmp/aloe-bench-track), ports ALOE_BENCH_PG_PORT (55493), ALOE_BENCH_HTTP_PORT (8493),
#   ALOE_BENCH_SILO_PORT (11493), ALOE_BENCH_GATEWAY_PORT (30493), ALOE_BENCH_SSHD_PORT (52493),
#   ALOE_BENCH_SLURM_PORT_BASE (16493: slurmctld, +1 slurmd, +2 slurmdbd, +3 MariaDB);
#   ALOE_BENCH_WINDOW (steady window, s; 180, smoke 30), ALOE_BENCH_RESTART_WINDOW (s; 180, smoke 30),
#   ALOE_BENCH_SETTLE (s after start 1 before measuring; 90, smoke 10),
#   budgets: ALOE_BENCH_START_TPS_BUDGET (database transactions/s over any 10 s of a start; 500),
#   ALOE_BENCH_IDLE_TPS_BUDGET (transactions/s while T jobs idle; 100), ALOE_BENCH_BYTES_PER_JOB_BUDGET (2048).
#   ALOE_BENCH_MAX_POOL (40: Maximum Pool Size of the service's connection string; 0: Npgsql's default, 100 per pool).
#   Extra service settings pass through the environment (e.g. Aloe__Jobs__ResumeReminderPeriod=00:10:00).
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD"

smoke=0
if [[ "${1:-}" == "--smoke" ]]; then smoke=1; shift; fi
if (( smoke )); then S="${1:-20}"; T="${2:-200}"; else S="${1:-10000}"; T="${2:-100000}"; fi
if ! [[ "$S" =~ ^[0-9]+$ && "$T" =~ ^[0-9]+$ ]] || (( S < 1 || T < S + 1 || S > 10000 )); then
  echo "usage: bench/tracking.sh [--smoke] [S (1..10000)] [T (> S)]" >&2; exit 2
fi
window="${ALOE_BENCH_WINDOW:-$(( smoke ? 30 : 180 ))}"
restart_window="${ALOE_BENCH_RESTART_WINDOW:-$(( smoke ? 30 : 180 ))}"
settle="${ALOE_BENCH_SETTLE:-$(( smoke ? 10 : 90 ))}"
start_budget="${ALOE_BENCH_START_TPS_BUDGET:-500}"
idle_budget="${ALOE_BENCH_IDLE_TPS_BUDGET:-100}"
bytes_budget="${ALOE_BENCH_BYTES_PER_JOB_BUDGET:-2048}"

repo="$(cd "${ALOE_BENCH_REPO:-$here}" && pwd)"
dir="${ALOE_BENCH_DIR:-/tmp/aloe-bench-track}"
source "$here/bench/bench-dir.sh"
require_bench_dir "$dir"
pg_port="${ALOE_BENCH_PG_PORT:-55493}"; http_port="${ALOE_BENCH_HTTP_PORT:-8493}"
silo_port="${ALOE_BENCH_SILO_PORT:-11493}"; gateway_port="${ALOE_BENCH_GATEWAY_PORT:-30493}"
slurm_base="${ALOE_BENCH_SLURM_PORT_BASE:-16493}"
url="http://127.0.0.1:$http_port"
for tool in jq curl openssl; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq jq curl openssl >/dev/null; break; }
done

export ALOE_DATA_DIR="$dir" ALOE_PG_PORT="$pg_port" ALOE_SSHD_PORT="${ALOE_BENCH_SSHD_PORT:-52493}"
export ALOE_SLURMCTLD_PORT="$slurm_base" ALOE_SLURMD_PORT=$(( slurm_base + 1 )) ALOE_SLURMDBD_PORT=$(( slurm_base + 2 ))
export ALOE_SLURM_MARIADB_PORT=$(( slurm_base + 3 ))
log() { echo "== $*" >&2; }
for port in "$pg_port" "$http_port" "$silo_port" "$gateway_port" "$ALOE_SSHD_PORT" "$slurm_base" $(( slurm_base + 1 )) \
    $(( slurm_base + 2 )) $(( slurm_base + 3 )); do
  if ss -Htln "sport = :$port" | grep -q .; then
    echo "port $port is taken by another process; choose other ports (see the header)" >&2; exit 1
  fi
done

# A fresh run: the previous run's database, Slurm state and logs go (the folder is the bench's own).
fresh_bench_dir "$dir"
logs="$dir/logs"; mkdir -p "$logs"

service_pid=""
stop_service() {
  if [[ -n "$service_pid" ]]; then
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
    service_pid=""
  fi
}
cleanup() {
  stop_service
  "$here/scripts/slurm.sh" stop >/dev/null 2>&1 || true
  "$here/scripts/sshd.sh" stop >/dev/null 2>&1 || true
  "$here/scripts/pg.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_begin=$SECONDS
log "servers: PostgreSQL :$pg_port, sshd :$ALOE_SSHD_PORT, Slurm :$slurm_base.. (data $dir)"
"$here/scripts/pg.sh" install >/dev/null
"$here/scripts/pg.sh" start >/dev/null
"$here/scripts/sshd.sh" start >/dev/null
"$here/scripts/slurm.sh" start >/dev/null
set -a
# shellcheck disable=SC1091
source "$dir/sshd/env"; source "$dir/slurm/env"
set +a
# The node takes no job: every job submitted stays PENDING in Slurm (reason ReqNodeNotAvail), QUEUED in the service.
scontrol update NodeName="$ALOE_SLURM_NODE" State=DRAIN Reason=aloe-bench-tracking

source "$here/bench/libpq-env.sh"
export_libpq_env
# Retried: a silo start can take every connection PostgreSQL has (max_connections), which is one of the findings.
sql() {
  local try out
  for try in $(seq 60); do
    if out="$(psql -qAtX -v ON_ERROR_STOP=1 -c "$1" 2>"$dir/psql.err")"; then echo "$out"; return 0; fi
    grep -q 'too many clients' "$dir/psql.err" || { cat "$dir/psql.err" >&2; return 1; }
    echo refused >>"$dir/psql.refused"; sleep 0.5
  done
  cat "$dir/psql.err" >&2; return 1
}

openssl rand -hex 32 >"$dir/operator-token"
operator="$(cat "$dir/operator-token")"

# Npgsql's default pool (100 connections) applies to each of the service's two pools (its data source and Orleans'
# ADO.NET providers): 200, all of pg.sh's max_connections, which a start with a few hundred jobs does take (see the
# report). The bench caps both so that its own psql gets in; ALOE_BENCH_MAX_POOL=0 keeps Npgsql's default.
pool="${ALOE_BENCH_MAX_POOL:-40}"
connection="$("$here/scripts/pg.sh" url)"
(( pool > 0 )) && connection+=";Maximum Pool Size=$pool"
start_service() {
  local name="$1"
  ConnectionStrings__Aloe="$connection" Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" \
    Aloe__Operations__OperatorTokenFile="$dir/operator-token" \
    Aloe__Queues__NumWorkers=1 Aloe__Queues__MaxMessages=$(( T + 100 )) \
    "$repo/aloe" up --urls "$url" >"$logs/$name.log" 2>&1 &
  service_pid=$!
  local i
  for i in $(seq 600); do
    curl -sf "$url/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "the service did not start; see $logs/$name.log" >&2; tail -n 30 "$logs/$name.log" >&2; exit 1
}
# The process that serves (./aloe up execs dotnet, so it is the same pid).
metrics() { curl -sf -H "Authorization: Bearer $operator" "$url/metrics"; }
# metric_sum NAME [label-regex]: the sum of a metric's samples (0 when absent).
metric_sum() {
  metrics | awk -v n="$1" -v f="${2:-}" '$1 !~ /^#/ { split($1, a, "{"); if (a[1] == n && (f == "" || $1 ~ f)) s += $NF } END { printf "%.0f\n", s + 0 }'
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$service_pid/status"; }
xacts() { sql "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
backends() { sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"; }
# dotnet-trace with the GC heap-snapshot keywords makes the runtime do a full blocking GC (what dotnet-gcdump does).
dotnet_trace="$(command -v dotnet-trace || true)"
[[ -z "$dotnet_trace" && -x "$HOME/.dotnet/tools/dotnet-trace" ]] && dotnet_trace="$HOME/.dotnet/tools/dotnet-trace"
full_gc() {
  [[ -n "$dotnet_trace" ]] || return 1
  (cd "$dir" && timeout 120 "$dotnet_trace" collect -p "$service_pid" --providers 'Microsoft-Windows-DotNETRuntime:0x1980001:5' \
    --duration 00:00:00:03 -o "$dir/gc.nettrace" >/dev/null 2>&1) || true
  rm -f "$dir/gc.nettrace"
  sleep 16   # the runtime's gauges are exported at the next collection of the meter
  return 0
}
# "heap_bytes rss_kb" after a full GC (or after the last GC when dotnet-trace is missing).
memory() {
  full_gc || true
  echo "$(metric_sum dotnet_gc_last_collection_heap_size_bytes) $(rss_kb)"
}
activations() { metric_sum orleans_catalog_activations; }

log "service of $repo on $url (silo port $silo_port, gateway $gateway_port)"
start_service start0
admin="$(cd "$repo" && ./aloe token --tenant dev --user bench-admin --roles Internal/aloe-admin)"
user="$(cd "$repo" && ./aloe token --tenant dev --user bench)"
home="$(getent passwd "$ALOE_SSH_USER" | cut -d: -f6)"
root_dir="$home/bench-track"
mkdir -p "$root_dir/apps/sleep-1.0" "$root_dir/work"
printf '# sleep-1.0: stays in Slurm as long as asked\nsleep ${seconds}\n' >"$root_dir/apps/sleep-1.0/sleep.sh"
chown -R "$ALOE_SSH_USER:" "$root_dir"

api() { # api METHOD PATH TOKEN [BODY] -> body; fails on a non-2xx answer
  local out code
  out="$(curl -s -w '\n%{http_code}' -X "$1" "$url/$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"})"
  code="${out##*$'\n'}"
  [[ "$code" == 2* ]] || { echo "$1 $2 answered $code: ${out%$'\n'*}" >&2; return 1; }
  echo "${out%$'\n'*}"
}
endpoint() { # endpoint PROTOCOL
  jq -n --arg p "$1" --arg host "$ALOE_SSH_HOST" --argjson port "$ALOE_SSH_PORT" --arg fp "$ALOE_SSH_HOST_KEY_FINGERPRINT" \
    --arg user "$ALOE_SSH_USER" --rawfile key "$ALOE_SSH_KEY" \
    '{protocol: $p, host: $host, port: $port, hostKeyFingerprint: $fp, auth: {username: $user, type: "SSHKEYS", privateKey: $key}}'
}
system_body="$(jq -n --argjson login "$(endpoint SSH)" --argjson storage "$(endpoint SFTP)" --arg root "$root_dir" --arg q "$ALOE_SLURM_DEFAULT_PARTITION" \
  '{id: "bench-slurm", name: "bench Slurm", type: "EXECUTION", executionType: "HPC", scheduler: "SLURM", login: $login,
    storage: ($storage + {rootDir: $root}), workDir: "work",
    queues: [{name: $q, default: true, maxNodes: 1, maxProcessorsPerNode: 4, maxMemoryPerNode: 4, maxRequestedTime: "02:00:00"}]}')"
api POST systems/v2 "$admin" "$system_body" >/dev/null
api POST apps/v2 "$admin" '{"name":"sleep","version":"1.0","executionSystem":"bench-slurm","deploymentSystem":"bench-slurm",
  "deploymentPath":"apps/sleep-1.0","templatePath":"sleep.sh","parallelism":"SERIAL","defaultNodeCount":1,
  "defaultProcessorsPerNode":1,"defaultMemoryPerNode":"1GB","defaultMaxRunTime":"01:00:00","inputs":[],
  "parameters":[{"id":"seconds","value":{"type":"number","required":true}}]}' >/dev/null

submit() { api POST jobs/v2 "$user" '{"name":"track","appId":"sleep-1.0","archive":false,"parameters":{"seconds":600}}' | jq -r .result.id; }
status_of() { sql "SELECT status FROM aloe_jobs WHERE uuid = '$1'"; }
wait_status() { # wait_status UUID STATUS SECONDS
  local i
  for i in $(seq "$3"); do [[ "$(status_of "$1")" == "$2" ]] && return 0; sleep 1; done
  echo "job $1 is $(status_of "$1"), not $2, after $3 s; see $logs/start0.log" >&2; exit 1
}
job_a="$(submit)"; wait_status "$job_a" QUEUED 120
job_b="$(submit)"; wait_status "$job_b" PENDING 30
log "templates: A=$job_a QUEUED (Slurm job $(sql "SELECT remote_job_id FROM aloe_jobs WHERE uuid = '$job_a'")), B=$job_b PENDING"
sleep "$settle"
read -r base_heap base_rss <<<"$(memory)"
base_act="$(activations)"
stop_service

# ------------------------------------------------------------------ seeding
log "seeding $(( S - 1 )) QUEUED copies of A (each with a Slurm job of its own) and $(( T - S - 1 )) PENDING copies of B"
t_seed=$SECONDS
sql "SELECT gen_random_uuid() FROM generate_series(1, $(( S - 1 )))" >"$dir/queued.uuids"
sql "SELECT gen_random_uuid() FROM generate_series(1, $(( T - S - 1 )))" >"$dir/pending.uuids"
chmod 644 "$dir/queued.uuids"
# One shell as the SSH user submits them all (as the service's sbatch over SSH would); uuid,slurm id per line.
runuser -u "$ALOE_SSH_USER" -- env SLURM_CONF="$SLURM_CONF" bash -c '
  while read -r u; do
    id=$(sbatch --parsable -J "$u" -p "$1" -o /dev/null -D "$2" --wrap "sleep 600") || exit 1
    echo "$u,$id"
  done' _ "$ALOE_SLURM_DEFAULT_PARTITION" "$root_dir/work" <"$dir/queued.uuids" >"$dir/queued.csv"
(( $(wc -l <"$dir/queued.csv") == S - 1 )) || { echo "sbatch submitted $(wc -l <"$dir/queued.csv") of $(( S - 1 ))" >&2; exit 1; }
awk '{print $1 ","}' "$dir/pending.uuids" >"$dir/pending.csv"

# Every column of aloe_jobs but id: the new uuid, a new update token, the Slurm id, no idempotency key, and the
# template's uuid replaced inside text and json columns (work path, messages).
columns_of() { sql "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = '$1' AND column_name <> 'id' ORDER BY ordinal_position"; }
select_list() { # select_list TABLE TEMPLATE_UUID -> "cols|exprs" reading seed.uuid / seed.rid
  local table="$1" old="$2" cols="" exprs="" c name type e
  while IFS= read -r c; do
    name="${c%%:*}"; type="${c#*:}"
    case "$name:$type" in
      uuid:*|job_uuid:*) e="s.uuid" ;;
      update_token:*) e="md5(random()::text)" ;;
      idempotency_key:*) e="NULL" ;;
      remote_job_id:*|scheduler_job_id:*) e="CASE WHEN t.$name IS NULL THEN NULL ELSE COALESCE(s.rid, t.$name) END" ;;
      *:character\ varying|*:text) e="replace(t.$name, '$old', s.uuid::text)" ;;
      *:jsonb) e="replace(t.$name::text, '$old', s.uuid::text)::jsonb" ;;
      *) e="t.$name" ;;
    esac
    cols+="${cols:+, }$name"; exprs+="${exprs:+, }$e"
  done < <(columns_of "$table")
  echo "$cols|$exprs"
}
seed_copies() { # seed_copies TEMPLATE_UUID CSV
  local old="$1" csv="$2" table sel where order
  for table in aloe_jobs aloe_job_events aloe_job_permissions; do
    sel="$(select_list "$table" "$old")"
    [[ "$table" == aloe_jobs ]] && where="t.uuid = '$old'" || where="t.job_uuid = '$old'"
    order="s.uuid"; [[ "$table" == aloe_job_permissions ]] || order="s.uuid, t.id"
    echo "INSERT INTO $table (${sel%%|*}) SELECT ${sel#*|} FROM $table t CROSS JOIN seed s WHERE $where ORDER BY $order;"
  done >"$dir/seed.sql"
  psql -qAtX -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE seed (uuid uuid, rid text);
\copy seed FROM '$csv' WITH (FORMAT csv)
UPDATE seed SET rid = NULL WHERE rid = '';
\i $dir/seed.sql
SQL
}
seed_copies "$job_a" "$dir/queued.csv"
seed_copies "$job_b" "$dir/pending.csv"
# Reminder rows: the template's, with each copy's grain id and grain hash.
cat "$dir/queued.uuids" "$dir/pending.uuids" | (cd "$dir" && timeout 600 dotnet fsi --lib:"$repo/silo/bin/Release/net10.0" \
  "$here/bench/grain-hash.fsx") >"$dir/hashes.csv"
grain_of() { echo "job/${1//-/}"; }
psql -qAtX -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE hashes (uuid uuid, hash integer);
\copy hashes FROM '$dir/hashes.csv' WITH (FORMAT csv)
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
  SELECT t.serviceid, 'job/' || replace(h.uuid::text, '-', ''), t.remindername,
         t.starttime + floor(random() * t.period) * interval '1 millisecond', t.period, h.hash, t.version
  FROM orleansreminderstable t CROSS JOIN hashes h WHERE t.grainid = '$(grain_of "$job_a")';
SQL
queue="$(sql "SELECT tenant_queue FROM aloe_jobs WHERE uuid = '$job_a'")"
sql "UPDATE aloe_queues SET num_workers = $S, max_messages = GREATEST(max_messages, $(( T + 100 ))), last_updated = now() WHERE name = '$queue'"
sql "ANALYZE" >/dev/null
seed_s=$(( SECONDS - t_seed ))
read -r n_queued n_pending n_unfinished <<<"$(sql "SELECT count(*) FILTER (WHERE status = 'QUEUED'), count(*) FILTER (WHERE status = 'PENDING'),
  count(*) FILTER (WHERE status NOT IN ('FINISHED','FAILED','STOPPED')) FROM aloe_jobs" | tr '|' ' ')"
slurm_pending="$(squeue -h -t PD -u "$ALOE_SSH_USER" | wc -l)"
log "seeded in $seed_s s: $n_queued QUEUED, $n_pending PENDING, $n_unfinished unfinished; Slurm holds $slurm_pending pending jobs"

# ------------------------------------------------------------------ start 1: reminders written, then steady state
log "start 1 with $n_unfinished jobs and $(sql "SELECT count(*) FROM orleansreminderstable") reminders"
sql "SELECT pg_stat_reset()" >/dev/null
t_start1=$SECONDS
x0="$(xacts)"
start_service start1
ready1=$(( SECONDS - t_start1 ))
reminders() { sql "SELECT count(*) FROM orleansreminderstable"; }
# The start-up sweep logs once it has asked every unfinished job to resume.
for i in $(seq 1200); do grep -q 'Recovery: asked' "$logs/start1.log" && break; sleep 1; done
all_reminders_s=$(( SECONDS - t_start1 ))
start1_xacts=$(( $(xacts) - x0 ))
log "start 1: ready after $ready1 s, start-up sweep done after $all_reminders_s s, $start1_xacts transactions so far"
sleep "$settle"

# statement_kinds OFFSET: the statements PostgreSQL logged from OFFSET by kind (first words, literals cut), the bench's
# own left out.
statement_kinds() {
  tail -c +"$1" "$pg_log" | grep -oE 'duration: [0-9.]+ ms  (execute [^:]*|statement|parse [^:]*|bind [^:]*): .*' \
    | grep -vE '^duration: [0-9.]+ ms  (parse|bind)' | sed -E 's/^duration: [0-9.]+ ms  [^:]*: //' \
    | grep -viE 'pg_stat_|pg_reload_conf|ALTER SYSTEM|^(BEGIN|COMMIT|ROLLBACK|DISCARD ALL|SET |SHOW )' \
    | sed -E "s/'[^']*'/?/g; s/[0-9]+/N/g" | cut -c1-110 | sort | uniq -c | sort -rn | head -n 12 || true
}
log "steady window of $window s"
calls() { metric_sum aloe_scheduler_calls_total 'system="bench-slurm"'; }
ticks() { metric_sum aloe_monitor_ticks_total 'system="bench-slurm"'; }
squeues() { metric_sum aloe_scheduler_calls_total 'command="squeue"'; }
sdiag_user() { sdiag 2>/dev/null | awk -v u="$ALOE_SSH_USER" '/statistics by user/ {on=1; next} on && $1 == u {match($0, /count:[0-9]+/); print substr($0, RSTART + 6, RLENGTH - 6) + 0; found=1; exit} END {if (!found) print 0}'; }
sdiag -r >/dev/null 2>&1 || true
# Every statement of the window goes to PostgreSQL's log, to say which ones grow with the jobs.
pg_log="$dir/pg/server.log"
log_from=$(( $(wc -c <"$pg_log") + 1 ))
sql "ALTER SYSTEM SET log_min_duration_statement = 0" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
c0="$(calls)"; k0="$(ticks)"; q0="$(squeues)"; x0="$(xacts)"; r0="$(sdiag_user)"
act_max=0
for (( e = 0; e < window; e += 5 )); do
  a="$(activations)"; (( a > act_max )) && act_max=$a
  sleep 5
done
c1="$(calls)"; k1="$(ticks)"; q1="$(squeues)"; x1="$(xacts)"; r1="$(sdiag_user)"
sql "ALTER SYSTEM RESET log_min_duration_statement" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
statements="$(statement_kinds "$log_from")"
steady_act="$(activations)"
read -r heap rss <<<"$(memory)"
reminders_n="$(reminders)"

# Rows and bytes per job (everything the service keeps for a job: its row, history, permissions, reminder).
rows_report="$(sql "SELECT string_agg(format('%s %s rows (%s per job, %s bytes/job)', rel, n, round(n::numeric / $n_unfinished, 2),
    round(sz::numeric / $n_unfinished)), E'\n' ORDER BY sz DESC)
  FROM (SELECT v.rel, v.n, z.sz FROM (VALUES ('aloe_jobs', (SELECT count(*) FROM aloe_jobs)), ('aloe_job_events', (SELECT count(*) FROM aloe_job_events)),
               ('orleansreminderstable', (SELECT count(*) FROM orleansreminderstable)),
               ('aloe_job_permissions', (SELECT count(*) FROM aloe_job_permissions)),
               ('aloe_notifications', (SELECT count(*) FROM aloe_notifications)),
               ('aloe_recovery_jobs', (SELECT count(*) FROM aloe_recovery_jobs)), ('orleansstorage', (SELECT count(*) FROM orleansstorage))
       ) v(rel, n) CROSS JOIN LATERAL (SELECT pg_total_relation_size(v.rel::regclass) AS sz) z) x")"

# ------------------------------------------------------------------ start 2: a silo restart with T jobs tracked
log "start 2: restart with $n_unfinished jobs and their reminders; sampling $restart_window s"
stop_service
t_stop=$SECONDS
log_from2=$(( $(wc -c <"$pg_log") + 1 ))
sql "ALTER SYSTEM SET log_min_duration_statement = 0" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
x_prev="$(xacts)"
start_service start2
ready2=$(( SECONDS - t_stop ))
samples="$dir/restart.tsv"; : >"$samples"
peak_tps=0; peak_act_rate=0; peak_backends=0; a_prev="$(activations)"; x_first="$x_prev"
act_ready2="$a_prev"
for (( e = 10; e <= restart_window; e += 10 )); do
  sleep 10
  x="$(xacts)"; a="$(activations)"; b="$(backends)"; (( b > peak_backends )) && peak_backends=$b
  tps=$(( (x - x_prev) / 10 )); ar=$(( (a - a_prev) / 10 ))
  echo -e "$e\t$tps\t$a" >>"$samples"
  (( tps > peak_tps )) && peak_tps=$tps
  (( ar > peak_act_rate )) && peak_act_rate=$ar
  x_prev=$x; a_prev=$a
done
restart_mean=$(( (x_prev - x_first) / restart_window ))
sql "ALTER SYSTEM RESET log_min_duration_statement" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
statements2="$(statement_kinds "$log_from2")"
max_conn="$(sql "SHOW max_connections")"
sweep_line="$(grep -ho 'Recovery: asked [0-9]* unfinished job(s) to resume' "$logs/start2.log" | tail -n 1 || true)"
stop_service

# ------------------------------------------------------------------ figures, last
echo
echo "== tracking: S=$S QUEUED on Slurm (node drained), T=$n_unfinished unfinished ($n_pending PENDING in a queue whose $S slots are taken); service $repo"
echo "restart samples (s since start, transactions/s over the previous 10 s, activations):"
awk '{printf "  %4d s  %6d tx/s  %7d activations\n", $1, $2, $3}' "$samples"
echo "statements of the service in the $window s steady window, by kind (count, then the statement's start):"
echo "$statements" | sed 's/^/  /'
echo "statements of the service in the $restart_window s after start 2, by kind:"
echo "$statements2" | sed 's/^/  /'
echo "database rows per unfinished job:"
echo "$rows_report" | sed 's/^/  /'
awk -v S="$S" -v T="$n_unfinished" -v bh="$base_heap" -v br="$base_rss" -v h="$heap" -v r="$rss" \
    -v ba="$base_act" -v sa="$steady_act" -v am="$act_max" -v rem="$reminders_n" \
    -v c="$(( c1 - c0 ))" -v k="$(( k1 - k0 ))" -v q="$(( q1 - q0 ))" -v rpc="$(( r1 - r0 ))" -v x="$(( x1 - x0 ))" -v w="$window" \
    -v r1="$ready1" -v rr="$all_reminders_s" -v x1s="$start1_xacts" -v r2="$ready2" -v pt="$peak_tps" -v pa="$peak_act_rate" -v ar2="$act_ready2" \
    -v rm="$restart_mean" -v rw="$restart_window" -v pb="$peak_backends" -v mc="$max_conn" -v tm="$(cat "$dir/psql.refused" 2>/dev/null | wc -l)" -v sb="$start_budget" -v ib="$idle_budget" -v bb="$bytes_budget" \
    -v sweep="${sweep_line:-no start-up sweep line in the log yet}" -v gc="$([[ -n "$dotnet_trace" ]] && echo "after a full GC" || echo "after the last GC (no dotnet-trace)")" '
function verdict(ok) { return ok ? "within budget" : "OVER budget" }
BEGIN {
  n = T - 2
  hpj = (h - bh) / n; rpj = (r - br) * 1024 / n
  printf "memory (%s): heap %.1f MB with 2 jobs, %.1f MB with %d = %.0f bytes per job; RSS %.0f -> %.0f MB = %.0f bytes per job (budget %d: %s)\n", gc, bh / 1048576, h / 1048576, T, hpj, br / 1024, r / 1024, rpj, bb, verdict(hpj <= bb)
  printf "activations: %d with 2 jobs, %d after the %d s window (max %d) = %.2f per job: idle job grains are %s\n", ba, sa, w, am, (sa - ba) / n, ((sa - ba) / n > 0.5) ? "NOT deactivated" : "deactivated"
  printf "reminders: %d rows for %d unfinished jobs = %.2f per job\n", rem, T, rem / T
  printf "scheduler: %d monitor ticks of bench-slurm in %d s, %d scheduler calls (%d squeue) = %.2f calls per tick; slurmctld RPCs of the SSH user: %d (%.2f per tick)\n", k, w, c, q, (k ? c / k : 0), rpc, (k ? rpc / k : 0)
  printf "database while idle: %.1f transactions/s over %d s = %.2f per job per minute (budget %d/s: %s)\n", x / w, w, x / w * 60 / T, ib, verdict(x / w <= ib)
  printf "start 1 (first start over the seeded rows): ready in %d s, start-up sweep done in %d s, %d transactions meanwhile\n", r1, rr, x1s
  printf "database connections: up to %d of max_connections %d seen at restart samples; the bench own psql was refused %d time(s) (too many clients)\n", pb, mc, tm
  printf "start 2 (restart with %d jobs): ready in %d s; %s; database %d tx/s mean over %d s, peak %d tx/s over 10 s (budget %d: %s); %d activations when ready, then up to %d/s more\n", T, r2, sweep, rm, rw, pt, sb, verdict(pt <= sb), ar2, pa
}'
echo "total run: $(( SECONDS - t_begin )) s"
