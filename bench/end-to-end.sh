#!/usr/bin/env bash
# End to end (issue 13, goal 2): jobs from their first submit to all FINISHED, through the service and through Slurm
# alone, on this machine, with private infrastructure started here and stopped again on exit:
#   0. Slurm alone: N `true` jobs sbatch'ed straight into the bench's single-node Slurm (C at a time), from the first
#      sbatch until squeue lists none of them waiting or running;
#   A. N no-op jobs (app noop-1.0, registered here, template `true`, no inputs, no archive) on the embedded `local`
#      execution system (FORK on this host), C submissions at a time, from the first submit until the database has
#      every one FINISHED; the ratio A rate / Slurm rate (goal >= 5x);
#   B. N no-op jobs into that Slurm through the service (an execution system with scheduler SLURM over SSH to the
#      bench's sshd on 127.0.0.1, as the end-to-end tests set one up); the ratio B time / Slurm time (goal <= 1.5x), and
#      slurmctld's RPC counts (sdiag) in each Slurm window.
# Where the time goes: the mean time jobs spent in each status (from their history events) is printed for A and B.
# The ratios are printed last.
#
# Usage: bench/end-to-end.sh [N=1000 | --smoke]      (--smoke: N=5, for CI; about a minute once packages are installed)
# Env:
#   ALOE_BENCH_DIR        data folder of everything started here (default /tmp/aloe-bench-e2e; emptied at start)
#   ALOE_BENCH_REPO       the checkout whose service is measured (default this one; e.g. a build of main for "before")
#   ALOE_BENCH_PARALLEL   submissions in flight at once, to the service and to sbatch alike (default 8)
#   ALOE_BENCH_PARTS      which parts run (default "A B"; the Slurm-alone run always runs)
#   ALOE_BENCH_TIMEOUT    seconds to wait for one part's jobs to end (default 1800)
#   Ports (127.0.0.1): ALOE_BENCH_PG_PORT (55491), ALOE_BENCH_HTTP_PORT (8491), ALOE_BENCH_SILO_PORT (11491),
#   ALOE_BENCH_GATEWAY_PORT (30491), ALOE_BENCH_SSHD_PORT (52291), ALOE_BENCH_SLURMCTLD_PORT (18817; slurmd, slurmdbd
#   and MariaDB take the next ports: +1, +2 and 18306).
# Service settings (those an operator of such a site would set; durability is untouched):
#   Aloe:Monitoring:StepsBySystem:slurm-bench = 600 x 1 s: a site whose Slurm runs short jobs checks them each second
#     (the embedded `local` system already has 20 x 0.5 s in appsettings.json);
#   Aloe:Gateway:RateLimit:* raised so that one user's burst of N submissions is not answered 429;
#   Aloe:Queues:MaxMessages raised above N. Queue workers (Aloe:Queues:NumWorkers) keep their default unless
#   ALOE_BENCH_WORKERS is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bench_root="$PWD"

n=1000
case "${1:-}" in
  --smoke) n=5 ;;
  "") ;;
  *[!0-9]*|0) echo "usage: bench/end-to-end.sh [N | --smoke]" >&2; exit 2 ;;
  *) n="$1" ;;
esac
repo="$(cd "${ALOE_BENCH_REPO:-$bench_root}" && pwd)"
dir="${ALOE_BENCH_DIR:-/tmp/aloe-bench-e2e}"
source "$bench_root/bench/bench-dir.sh"
require_bench_dir "$dir"
parallel="${ALOE_BENCH_PARALLEL:-8}"
parts="${ALOE_BENCH_PARTS:-A B}"
timeout="${ALOE_BENCH_TIMEOUT:-1800}"
http_port="${ALOE_BENCH_HTTP_PORT:-8491}"
url="http://127.0.0.1:$http_port"
ctld_port="${ALOE_BENCH_SLURMCTLD_PORT:-18817}"

export ALOE_DATA_DIR="$dir"
export ALOE_PG_PORT="${ALOE_BENCH_PG_PORT:-55491}"
export ALOE_SSHD_PORT="${ALOE_BENCH_SSHD_PORT:-52291}"
export ALOE_SLURMCTLD_PORT="$ctld_port" ALOE_SLURMD_PORT="$((ctld_port + 1))" ALOE_SLURMDBD_PORT="$((ctld_port + 2))"
export ALOE_SLURM_MARIADB_PORT="${ALOE_BENCH_SLURM_MARIADB_PORT:-18306}"

say() { echo "== $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- installation (Debian packages only)
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
command -v psql >/dev/null || missing+=(postgresql-client)
if ((${#missing[@]} > 0)); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
./scripts/pg.sh install
./scripts/sshd.sh install
./scripts/slurm.sh install

# ---------------------------------------------------------------- private infrastructure, stopped on exit
service_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$service_pid" ]]; then
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  ./scripts/slurm.sh stop >/dev/null 2>&1 || true
  ./scripts/sshd.sh stop >/dev/null 2>&1 || true
  ./scripts/pg.sh stop >/dev/null 2>&1 || true
  return "$rc"
}
trap cleanup EXIT

# A previous run's servers (found by their pid files) are stopped and its folder emptied: every run starts alike.
if [[ -d "$dir" ]]; then
  cleanup
fi
fresh_bench_dir "$dir"

say "starting sshd (:$ALOE_SSHD_PORT) and Slurm (slurmctld :$ctld_port) in $dir"
./scripts/sshd.sh start
./scripts/slurm.sh start
while IFS='=' read -r key value; do export "$key=$value"; done < <(./scripts/sshd.sh env; ./scripts/slurm.sh env)

say "starting the service of $repo on $url"
# env: a system id with a dash is no shell variable name.
env Orleans__SiloPort="${ALOE_BENCH_SILO_PORT:-11491}" Orleans__GatewayPort="${ALOE_BENCH_GATEWAY_PORT:-30491}" \
  Aloe__Queues__MaxMessages=$((n * 2 + 10000)) ${ALOE_BENCH_WORKERS:+Aloe__Queues__NumWorkers=$ALOE_BENCH_WORKERS} \
  Aloe__Gateway__RateLimit__TokensPerSecond=1000000 Aloe__Gateway__RateLimit__BurstLimit=1000000 \
  Aloe__Monitoring__StepsBySystem__slurm-bench__0__Count=600 Aloe__Monitoring__StepsBySystem__slurm-bench__0__Interval=00:00:01 \
  "$repo/aloe" up --urls "$url" >"$dir/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 300); do
  curl -sf "$url/health/ready" >/dev/null && break
  kill -0 "$service_pid" 2>/dev/null || break
  sleep 1
done
curl -sf "$url/health/ready" >/dev/null || { tail -n 30 "$dir/service.log" >&2; echo "the service did not start; see $dir/service.log" >&2; exit 1; }

source "$bench_root/bench/libpq-env.sh"
export_libpq_env
sql() { psql -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

user_token="$(ALOE_DATA_DIR="$dir" "$repo/aloe" token --tenant dev --user bench)"
admin_token="$(ALOE_DATA_DIR="$dir" "$repo/aloe" token --tenant dev --user benchadmin --roles Internal/aloe-admin)"
run="r$(date +%s)"

# post <token> <path> <json>: the answer's body; fails unless 2xx.
post() {
  local answer code
  answer="$(curl -s -w '\n%{http_code}' -X POST "$url/$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3")"
  code="${answer##*$'\n'}"
  [[ "$code" == 2* ]] || { echo "POST /$2 answered $code: ${answer%$'\n'*}" >&2; return 1; }
  echo "${answer%$'\n'*}"
}

# submit_jobs <appId> <tag>: N jobs, $parallel at a time; prints the epoch of the first submit.
submit_jobs() {
  local app="$1" tag="$2" t0 accepted
  t0="$(now)"
  seq "$n" | xargs -P "$parallel" -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST "$url/jobs/v2" \
    -H "Authorization: Bearer $user_token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$tag-{}\",\"appId\":\"$app\",\"archive\":false}" >"$dir/$tag.codes"
  accepted="$(grep -c '^201$' "$dir/$tag.codes" || true)"
  [[ "$accepted" -eq "$n" ]] || { echo "$tag: $accepted of $n submissions answered 201: $(sort "$dir/$tag.codes" | uniq -c | tr '\n' ' ')" >&2; return 1; }
  echo "$t0"
}

# wait_finished <tag> <t0>: waits until every job of the tag has ended; prints the seconds from t0 to the last end.
wait_finished() {
  local tag="$1" t0="$2" deadline=$((SECONDS + timeout)) counts finished ended
  while :; do
    counts="$(sql "SELECT count(*) FILTER (WHERE status = 'FINISHED'), count(*) FILTER (WHERE status IN ('FAILED','STOPPED'))
                   FROM aloe_jobs WHERE name LIKE '$tag-%'")"
    finished="${counts%%|*}"; ended="${counts##*|}"
    ((finished + ended >= n)) && break
    ((SECONDS < deadline)) || { echo "$tag: only $finished of $n FINISHED after ${timeout}s" >&2; return 1; }
    sleep 0.2
  done
  ((ended == 0)) || { echo "$tag: $ended job(s) did not finish, e.g.: $(sql "SELECT last_status_message FROM aloe_jobs WHERE name LIKE '$tag-%' AND status <> 'FINISHED' LIMIT 1")" >&2; return 1; }
  sql "SELECT round((extract(epoch FROM max(ended)) - $t0)::numeric, 1) FROM aloe_jobs WHERE name LIKE '$tag-%'"
}

# where_time_goes <tag>: the mean seconds the jobs spent in each status, from one history event to the next.
where_time_goes() {
  sql "WITH ev AS (
         SELECT e.status, e.created, lead(e.created) OVER (PARTITION BY e.job_uuid ORDER BY e.id) AS next
         FROM aloe_job_events e JOIN aloe_jobs j ON j.uuid = e.job_uuid WHERE j.name LIKE '$1-%')
       SELECT string_agg(status || ' ' || to_char(mean, 'FM990.000') || ' s', ', ' ORDER BY first)
       FROM (SELECT status, avg(extract(epoch FROM next - created)) AS mean, min(created) AS first
             FROM ev WHERE next IS NOT NULL GROUP BY status) s"
}

# rpc_counts: slurmctld's RPCs since the last `sdiag --reset`: the total and the job-info ones.
rpc_counts() {
  sdiag | awk '/^Remote Procedure Call statistics by message type/ { on = 1; next }
               /^Remote Procedure Call statistics by user/ { on = 0 }
               on && match($0, /count:[0-9]+/) {
                 c = substr($0, RSTART + 6, RLENGTH - 6) + 0; total += c; if ($1 ~ /JOB_INFO/) info += c
                 if (c > 0) top = top sprintf(" %s=%d", $1, c) }
               END { printf "%d RPCs, %d job-info;%s\n", total, info, top }'
}

# ---------------------------------------------------------------- 0. Slurm alone
say "Slurm alone: $n true jobs, $parallel sbatch at a time"
mkdir -p "$dir/direct"
sdiag --reset >/dev/null
t0="$(now)"
seq "$n" | xargs -P "$parallel" -I{} sbatch --parsable --job-name="direct-$run" --chdir="$dir/direct" --output=/dev/null \
  --time=00:10:00 --wrap=true >/dev/null
deadline=$((SECONDS + timeout))
while [[ -n "$(squeue --noheader --name="direct-$run" --states=PENDING,CONFIGURING,RUNNING,COMPLETING --format=%i | head -n 1)" ]]; do
  ((SECONDS < deadline)) || { echo "Slurm alone: jobs still waiting or running after ${timeout}s" >&2; exit 1; }
  sleep 0.2
done
slurm_time="$(elapsed "$t0" "$(now)")"
slurm_rpcs="$(rpc_counts)"
completed="$(squeue --noheader --name="direct-$run" --states=COMPLETED --format=%i | wc -l)"
((completed == n)) || { echo "Slurm alone: $completed of $n jobs COMPLETED" >&2; exit 1; }
echo "Slurm alone: $n true jobs sbatch'ed to all COMPLETED in $slurm_time s ($(awk -v n="$n" -v t="$slurm_time" 'BEGIN { printf "%.1f", n / t }') jobs/s); slurmctld: $slurm_rpcs"

# ---------------------------------------------------------------- A. FORK on this host, through the service
if [[ " $parts " == *" A "* ]]; then
  say "A: $n no-op jobs on the local FORK system through the service"
  mkdir -p "$dir/tenants/dev/local-storage/apps/noop-1.0"
  printf '# noop-1.0: does nothing.\ntrue\n' >"$dir/tenants/dev/local-storage/apps/noop-1.0/noop.sh"
  post "$admin_token" apps/v2 '{"name":"noop","version":"1.0","executionSystem":"local","deploymentSystem":"local-storage",
    "deploymentPath":"apps/noop-1.0","templatePath":"noop.sh","parallelism":"SERIAL","defaultMaxRunTime":"00:10:00",
    "inputs":[],"parameters":[]}' >/dev/null
  t0="$(submit_jobs noop-1.0 "a-$run")"
  fork_time="$(wait_finished "a-$run" "$t0")"
  echo "A service FORK: $n no-op jobs submitted to all FINISHED in $fork_time s ($(awk -v n="$n" -v t="$fork_time" 'BEGIN { printf "%.1f", n / t }') jobs/s)"
  echo "A mean time per status: $(where_time_goes "a-$run")"
fi

# ---------------------------------------------------------------- B. Slurm over SSH, through the service
if [[ " $parts " == *" B "* ]]; then
  say "B: $n no-op jobs into Slurm over SSH through the service"
  home="$(getent passwd "$ALOE_SSH_USER" | cut -d: -f6)"
  root_dir="$home/aloe-bench-e2e-$ALOE_SSHD_PORT"
  runuser -u "$ALOE_SSH_USER" -- bash -c "rm -rf '$root_dir' && mkdir -p '$root_dir/apps/noop-1.0' && printf '# noop-1.0: does nothing.\ntrue\n' >'$root_dir/apps/noop-1.0/noop.sh'"
  endpoint="$(jq -n --arg port "$ALOE_SSH_PORT" --arg user "$ALOE_SSH_USER" --arg fp "$ALOE_SSH_HOST_KEY_FINGERPRINT" \
    --rawfile key "$ALOE_SSH_KEY" '{host: "127.0.0.1", port: ($port | tonumber), hostKeyFingerprint: $fp,
      auth: {username: $user, type: "SSHKEYS", privateKey: $key}}')"
  post "$admin_token" systems/v2 "$(jq -n --argjson ep "$endpoint" --arg root "$root_dir" --arg queue "$ALOE_SLURM_DEFAULT_PARTITION" \
    '{id: "slurm-bench", name: "Slurm over SSH (bench)", type: "EXECUTION", executionType: "HPC", scheduler: "SLURM",
      login: ($ep + {protocol: "SSH"}), storage: ($ep + {protocol: "SFTP", rootDir: $root}), workDir: "work",
      queues: [{name: $queue, default: true, maxNodes: 1, maxProcessorsPerNode: 4, maxMemoryPerNode: 4, maxRequestedTime: "02:00:00"}]}')" >/dev/null
  post "$admin_token" apps/v2 '{"name":"noop-slurm","version":"1.0","executionSystem":"slurm-bench","deploymentSystem":"slurm-bench",
    "deploymentPath":"apps/noop-1.0","templatePath":"noop.sh","parallelism":"SERIAL","defaultNodeCount":1,
    "defaultProcessorsPerNode":1,"defaultMemoryPerNode":"1GB","defaultMaxRunTime":"00:10:00","inputs":[],"parameters":[]}' >/dev/null
  sdiag --reset >/dev/null
  t0="$(submit_jobs noop-slurm-1.0 "b-$run")"
  slurm_service_time="$(wait_finished "b-$run" "$t0")"
  service_rpcs="$(rpc_counts)"
  echo "B service SLURM: $n no-op jobs submitted to all FINISHED in $slurm_service_time s ($(awk -v n="$n" -v t="$slurm_service_time" 'BEGIN { printf "%.1f", n / t }') jobs/s); slurmctld: $service_rpcs"
  echo "B mean time per status: $(where_time_goes "b-$run")"
fi

# ---------------------------------------------------------------- the ratios, last
if [[ -n "${fork_time:-}" ]]; then
  awk -v n="$n" -v s="$slurm_time" -v f="$fork_time" 'BEGIN {
    printf "end-to-end A: %d no-op jobs on FORK through the service at %.1f jobs/s against %.1f jobs/s sbatch'"'"'ed into Slurm = %.2fx (goal >= 5x)\n", n, n / f, n / s, s / f }'
fi
if [[ -n "${slurm_service_time:-}" ]]; then
  awk -v n="$n" -v s="$slurm_time" -v b="$slurm_service_time" 'BEGIN {
    printf "end-to-end B: %d jobs into Slurm through the service in %.1f s against %.1f s for Slurm alone = %.2fx the time (goal <= 1.5x)\n", n, b, s, b / s }'
fi
