#!/usr/bin/env bash
# Single-node Slurm 22.05 for AloeOrleans tests and local development, with accounting (sacct): munged,
# a private MariaDB, slurmdbd, slurmctld and slurmd, every file (configs, munge key, sockets, databases, state,
# spool, pid files and logs) under "$ALOE_DATA_DIR/slurm", every daemon bound to 127.0.0.1.
# Usage: scripts/slurm.sh install|start|stop|status|env|stop-controller|start-controller
#   stop-controller stops slurmctld alone (a controller outage: squeue, sacct and sbatch fail while running jobs go
#   on); start-controller brings it back on the port of the written slurm.conf, with the saved job state.
#   env prints KEY=VALUE lines: SLURM_CONF, ALOE_SLURM_CLUSTER, ALOE_SLURM_NODE, ALOE_SLURM_CPUS,
#   ALOE_SLURM_PARTITIONS (normal,short), ALOE_SLURM_DEFAULT_PARTITION (normal), ALOE_SLURM_SHORT_PARTITION
#   (short: MaxTime 00:10:00, MaxNodes 1).
# Ports (all 127.0.0.1): ALOE_SLURMCTLD_PORT (16817), ALOE_SLURMD_PORT (16818), ALOE_SLURMDBD_PORT (16819),
# ALOE_SLURM_MARIADB_PORT (16306). They sit below Linux's ephemeral range (32768-60999): a port in that range can be
# taken at any moment by an outgoing connection's local end, and slurmd then fails with "Address already in use".
set -euo pipefail
SCRIPT_NAME="slurm.sh"
# shellcheck source=infra-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-lib.sh"

STATE="$DATA_DIR/slurm"
CTLD_PORT="${ALOE_SLURMCTLD_PORT:-16817}"
SLURMD_PORT="${ALOE_SLURMD_PORT:-16818}"
DBD_PORT="${ALOE_SLURMDBD_PORT:-16819}"
DB_PORT="${ALOE_SLURM_MARIADB_PORT:-16306}"
CLUSTER="aloe"
ACCOUNT="aloe"
# More CPUs than the machine has (SlurmdParameters=config_overrides): hundreds of small test jobs run at once.
CPUS="${ALOE_SLURM_CPUS:-256}"
REAL_MEMORY="${ALOE_SLURM_MEMORY_MB:-16000}"

SLURM_CONF_FILE="$STATE/slurm.conf"
DBD_CONF="$STATE/slurmdbd.conf"
ENV_FILE="$STATE/env"

MUNGE_DIR="$STATE/munge"
MUNGE_KEY="$MUNGE_DIR/munge.key"
MUNGE_SOCKET="$MUNGE_DIR/run/munge.socket"
MUNGE_PID="$MUNGE_DIR/run/munged.pid"

DB_DIR="$STATE/mariadb"
DB_DATA="$DB_DIR/data"
DB_SOCKET="$DB_DIR/run/mysqld.sock"
DB_PID="$DB_DIR/run/mariadbd.pid"
DB_PASSWORD_FILE="$STATE/slurmdbd.dbpassword"

DBD_PID="$STATE/run/slurmdbd.pid"
CTLD_PID="$STATE/run/slurmctld.pid"
SLURMD_PID="$STATE/run/slurmd.pid"

PACKAGES=(slurm-wlm slurm-client slurmdbd munge mariadb-server mariadb-client)

cmd_install() {
  if [[ -x /usr/sbin/slurmctld && -x /usr/sbin/slurmd && -x /usr/sbin/slurmdbd && -x /usr/sbin/munged \
      && -x /usr/sbin/mariadbd && -x /usr/bin/mariadb-install-db && -x /usr/bin/sbatch && -x /usr/bin/sacctmgr ]]; then
    return 0
  fi
  require_root
  apt_install "${PACKAGES[@]}"
}

node_name() {
  hostname -s
}

# ---------------------------------------------------------------- munge
# munged refuses to start unless every directory on the socket's path (the canonical path, up to /) has the search
# bit for user, group AND others ("Socket is inaccessible: execute permissions for all required on ..."; munge's
# path_is_accessible). make_parents_traversable adds o+x only, so a data dir inside a `mktemp -d` folder (0700 ->
# 0701) still failed. This adds the missing x bits (chmod ugo+x), nothing else. That is safe: search permission
# lets a process reach names it already knows, but never list a folder (r) nor create, remove or rename entries in
# it (w), and no r or w bit is touched. Only folders this user owns are changed (any folder when root, as the script
# runs); otherwise, or if chmod fails (e.g. root-squashed NFS), it stops at once naming the folder and the fix.
ensure_munge_socket_path_accessible() {
  local uid dir start mode owner
  uid="$(id -u)"
  # The path as written (how clients walk it) and the canonical one (what munged checks) differ through symlinks.
  for start in "$(dirname "$MUNGE_SOCKET")" "$(readlink -f "$(dirname "$MUNGE_SOCKET")")"; do
    dir="$start"
    while [[ -n "$dir" && "$dir" != / ]]; do
      if [[ -d "$dir" && ! -L "$dir" ]]; then
        mode="$(stat -c %a "$dir")"
        if (( (0$mode & 0111) != 0111 )); then
          owner="$(stat -c %u "$dir")"
          if [[ "$uid" -ne 0 && "$owner" -ne "$uid" ]] || ! chmod ugo+x "$dir" 2>/dev/null; then
            log "munged needs execute (search) permission for all on every folder above its socket, and '$dir'" \
              "(mode $mode, owner uid $owner) lacks it and cannot be changed here. Fix: chmod a+x '$dir'" \
              "(or choose an ALOE_DATA_DIR outside it)."
            exit 1
          fi
          log "added search permission for all to '$dir' (was $mode) so munged accepts its socket path"
        fi
      fi
      dir="$(dirname "$dir")"
    done
  done
}

start_munge() {
  mkdir -p "$MUNGE_DIR/run" "$MUNGE_DIR/log" "$MUNGE_DIR/lib"
  if [[ ! -f "$MUNGE_KEY" ]]; then
    (umask 077 && dd if=/dev/urandom of="$MUNGE_KEY" bs=1024 count=1 status=none)
  fi
  chown -R munge:munge "$MUNGE_DIR"
  chmod 700 "$MUNGE_DIR/log" "$MUNGE_DIR/lib"
  chmod 600 "$MUNGE_KEY"
  # Clients (the test user's sbatch, slurmd, slurmctld) connect to the socket: its folders are searchable.
  chmod 755 "$MUNGE_DIR" "$MUNGE_DIR/run"
  ensure_munge_socket_path_accessible
  if pid_alive "$MUNGE_PID" munged; then
    return 0
  fi
  rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
  runuser -u munge -- /usr/sbin/munged --key-file="$MUNGE_KEY" --socket="$MUNGE_SOCKET" \
    --pid-file="$MUNGE_PID" --log-file="$MUNGE_DIR/log/munged.log" --seed-file="$MUNGE_DIR/lib/munged.seed" \
    || { tail -n 20 "$MUNGE_DIR/log/munged.log" >&2 || true; exit 1; }
  wait_for 10 "munged socket" test -S "$MUNGE_SOCKET"
}

# ---------------------------------------------------------------- mariadb
db_client() {
  mariadb --no-defaults --protocol=socket -S "$DB_SOCKET" -u root "$@"
}

start_mariadb() {
  mkdir -p "$DB_DIR/run" "$DB_DATA"
  chown -R mysql:mysql "$DB_DIR"
  chmod 750 "$DB_DATA"
  chmod 755 "$DB_DIR" "$DB_DIR/run"
  if [[ ! -f "$DB_PASSWORD_FILE" ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$DB_PASSWORD_FILE")
  fi
  if [[ ! -d "$DB_DATA/mysql" ]]; then
    log "initializing MariaDB in $DB_DATA"
    mariadb-install-db --no-defaults --datadir="$DB_DATA" --user=mysql --auth-root-authentication-method=socket \
      --skip-test-db >"$DB_DIR/install.log" 2>&1 || { cat "$DB_DIR/install.log" >&2; exit 1; }
  fi
  if ! pid_alive "$DB_PID" mariadbd; then
    rm -f "$DB_SOCKET"
    # Foreground server in its own session; mariadbd writes its own pid file.
    setsid /usr/sbin/mariadbd --no-defaults --datadir="$DB_DATA" --user=mysql --bind-address=127.0.0.1 \
      --port="$DB_PORT" --socket="$DB_SOCKET" --pid-file="$DB_PID" --log-error="$DB_DIR/error.log" \
      --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 \
      --innodb-lock-wait-timeout=900 --max-connections=100 </dev/null >/dev/null 2>&1 &
    if ! wait_for 60 "MariaDB socket" db_client -e 'SELECT 1'; then
      tail -n 30 "$DB_DIR/error.log" >&2 || true
      exit 1
    fi
  fi
  local pw
  pw="$(cat "$DB_PASSWORD_FILE")"
  db_client <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
}

# ---------------------------------------------------------------- configs
write_configs() {
  local node
  node="$(node_name)"
  mkdir -p "$STATE/run" "$STATE/log" "$STATE/ctld" "$STATE/spool"
  chmod 755 "$STATE" "$STATE/run"
  cat >"$SLURM_CONF_FILE" <<CONF
# Generated by scripts/slurm.sh; rewritten on every start.
ClusterName=$CLUSTER
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
# Without these the daemons listen on every address.
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=$DBD_PORT
# Connections to slurmdbd take their MUNGE socket from here, not from AuthInfo.
AccountingStoragePass=$MUNGE_SOCKET
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Small jobs start within about a second instead of 2 jobs every 3 s.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0,sched_interval=1
SlurmdParameters=config_overrides
ReturnToService=2
SlurmctldTimeout=60
SlurmdTimeout=300
InactiveLimit=0
KillWait=5
MinJobAge=300
MaxJobCount=20000
MailProg=/bin/true
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node CPUs=$CPUS RealMemory=$REAL_MEMORY State=UNKNOWN
PartitionName=normal Nodes=$node Default=YES MaxTime=02:00:00 State=UP
PartitionName=short Nodes=$node MaxTime=00:10:00 MaxNodes=1 State=UP
CONF
  chmod 644 "$SLURM_CONF_FILE"

  (umask 077 && cat >"$DBD_CONF" <<CONF
# Generated by scripts/slurm.sh; rewritten on every start.
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
DbdAddr=127.0.0.1
DbdHost=localhost
DbdPort=$DBD_PORT
CommunicationParameters=NoInAddrAny
SlurmUser=root
DebugLevel=info
LogFile=$STATE/log/slurmdbd.log
PidFile=$DBD_PID
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=$(cat "$DB_PASSWORD_FILE")
StorageLoc=slurm_acct_db
CONF
  )
  chmod 600 "$DBD_CONF"
}

# ---------------------------------------------------------------- slurm daemons
# start_daemon <name> <pidfile> <port> <log> <seconds>: starts /usr/sbin/<name> (it daemonizes and writes its pid
# file) and waits for its port. A daemon that dies at once (a port still held by a process that just stopped)
# is started again, up to three times.
start_daemon() {
  local name="$1" pidfile="$2" port="$3" logfile="$4" seconds="$5" attempt
  if pid_alive "$pidfile" "$name" && port_open "$port"; then
    return 0
  fi
  for attempt in 1 2 3; do
    if ! pid_alive "$pidfile" "$name"; then
      SLURM_CONF="$SLURM_CONF_FILE" "/usr/sbin/$name" || true
    fi
    # Gone = no live pid in the pid file for 3 s in a row (the daemon writes it just after forking).
    local deadline=$((SECONDS + seconds)) missing=0
    while ((SECONDS < deadline)); do
      port_open "$port" && return 0
      if pid_alive "$pidfile" "$name"; then
        missing=0
      else
        missing=$((missing + 1))
        ((missing >= 15)) && break
      fi
      sleep 0.2
    done
    if pid_alive "$pidfile" "$name"; then
      break
    fi
    log "$name exited during start (attempt $attempt); last log lines:"
    tail -n 5 "$logfile" >&2 || true
    sleep 2
  done
  log "$name did not come up on 127.0.0.1:$port; last log lines:"
  tail -n 20 "$logfile" >&2 || true
  exit 1
}

start_slurmdbd() {
  # slurmdbd reads slurmdbd.conf from the folder of SLURM_CONF. The first start creates the accounting tables.
  start_daemon slurmdbd "$DBD_PID" "$DBD_PORT" "$STATE/log/slurmdbd.log" 90
}

sacctmgr_q() {
  SLURM_CONF="$SLURM_CONF_FILE" sacctmgr -n -P "$@"
}

register_accounting() {
  wait_for 20 "slurmdbd answering sacctmgr" sacctmgr_q show cluster format=cluster || exit 1
  if [[ -z "$(sacctmgr_q show cluster "$CLUSTER" format=cluster)" ]]; then
    sacctmgr_q -i add cluster "$CLUSTER" >/dev/null
  fi
  if [[ -z "$(sacctmgr_q show account "$ACCOUNT" format=account)" ]]; then
    sacctmgr_q -i add account "$ACCOUNT" Cluster="$CLUSTER" Description="AloeOrleans tests" Organization=aloe >/dev/null
  fi
  local user
  for user in root "$ALOE_TEST_USER"; do
    if [[ -z "$(sacctmgr_q show association where cluster="$CLUSTER" account="$ACCOUNT" user="$user" format=user)" ]]; then
      sacctmgr_q -i add user "$user" Account="$ACCOUNT" DefaultAccount="$ACCOUNT" Cluster="$CLUSTER" >/dev/null
    fi
  done
}

node_ready() {
  local state
  state="$(SLURM_CONF="$SLURM_CONF_FILE" sinfo -h -N -n "$(node_name)" -o '%T' 2>/dev/null | head -n 1)"
  [[ "$state" == idle* || "$state" == mixed* || "$state" == allocated* ]]
}

start_slurmctld() {
  if pid_alive "$CTLD_PID" slurmctld; then
    SLURM_CONF="$SLURM_CONF_FILE" scontrol reconfigure >/dev/null 2>&1 || true
  fi
  start_daemon slurmctld "$CTLD_PID" "$CTLD_PORT" "$STATE/log/slurmctld.log" 30
}

start_slurmd() {
  start_daemon slurmd "$SLURMD_PID" "$SLURMD_PORT" "$STATE/log/slurmd.log" 30
  if ! wait_for 30 "node $(node_name) idle" node_ready; then
    # A node left DOWN by an unclean stop comes back with an explicit resume.
    SLURM_CONF="$SLURM_CONF_FILE" scontrol update NodeName="$(node_name)" State=RESUME >/dev/null 2>&1 || true
    if ! wait_for 15 "node $(node_name) idle" node_ready; then
      SLURM_CONF="$SLURM_CONF_FILE" sinfo -N -l >&2 || true
      tail -n 20 "$STATE/log/slurmd.log" "$STATE/log/slurmctld.log" >&2 || true
      exit 1
    fi
  fi
}

write_env() {
  write_env_file "$ENV_FILE" <<ENV
SLURM_CONF=$SLURM_CONF_FILE
ALOE_SLURM_CLUSTER=$CLUSTER
ALOE_SLURM_NODE=$(node_name)
ALOE_SLURM_CPUS=$CPUS
ALOE_SLURM_PARTITIONS=normal,short
ALOE_SLURM_DEFAULT_PARTITION=normal
ALOE_SLURM_SHORT_PARTITION=short
ENV
}

cmd_start() {
  require_root
  cmd_install
  ensure_test_user
  mkdir -p "$STATE"
  make_parents_traversable "$DATA_DIR"
  chmod 755 "$DATA_DIR" "$STATE"
  local t0=$SECONDS
  start_munge
  start_mariadb
  write_configs
  write_env
  start_slurmdbd
  register_accounting
  start_slurmctld
  start_slurmd
  log "started cluster '$CLUSTER' (node $(node_name), ctld 127.0.0.1:$CTLD_PORT, dbd :$DBD_PORT, mariadb :$DB_PORT) in $((SECONDS - t0)) s; SLURM_CONF=$SLURM_CONF_FILE"
}

cmd_stop() {
  stop_pidfile "$SLURMD_PID" slurmd slurmd
  stop_pidfile "$CTLD_PID" slurmctld slurmctld
  stop_pidfile "$DBD_PID" slurmdbd slurmdbd
  stop_pidfile "$DB_PID" mariadbd mariadb
  stop_pidfile "$MUNGE_PID" munged munged
}

cmd_status() {
  local rc=0 name pidfile expect
  for name in munged:"$MUNGE_PID" mariadbd:"$DB_PID" slurmdbd:"$DBD_PID" slurmctld:"$CTLD_PID" slurmd:"$SLURMD_PID"; do
    expect="${name%%:*}"
    pidfile="${name#*:}"
    if pid_alive "$pidfile" "$expect"; then
      echo "running: $expect pid=$(cat "$pidfile")"
    else
      echo "stopped: $expect"
      rc=3
    fi
  done
  echo "state=$STATE"
  return "$rc"
}

# A controller outage and its end, for fault tests: the other daemons, the config and the job state stay.
cmd_stop_controller() {
  stop_pidfile "$CTLD_PID" slurmctld slurmctld
}

cmd_start_controller() {
  require_root
  if [[ ! -f "$SLURM_CONF_FILE" ]]; then
    log "not started yet in $STATE; run: scripts/$SCRIPT_NAME start"
    exit 1
  fi
  # The port the cluster was started with, whatever this shell's environment says.
  CTLD_PORT="$(sed -n 's/^SlurmctldPort=\([0-9]*\)$/\1/p' "$SLURM_CONF_FILE")"
  start_daemon slurmctld "$CTLD_PID" "$CTLD_PORT" "$STATE/log/slurmctld.log" 30
  log "slurmctld back on 127.0.0.1:$CTLD_PORT"
}

case "${1:-}" in
  stop-controller) cmd_stop_controller ;;
  start-controller) cmd_start_controller ;;
  *) run_server_command "$@" ;;
esac
