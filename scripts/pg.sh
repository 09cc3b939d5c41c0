#!/usr/bin/env bash
# Local PostgreSQL for AloeOrleans: installed from Debian packages, run as a plain process bound to 127.0.0.1,
# with every file (data, socket, log) under "$ALOE_DATA_DIR/pg" so several checkouts and the test run can
# each have their own server. Every connection needs the password of role postgres (scram-sha-256), generated once
# into "$ALOE_DATA_DIR/pg-password" (mode 0600): other local users and the jobs the service runs cannot log in.
# Usage: scripts/pg.sh install|start|stop|status|url [database]|password|psql [psql args...]
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${ALOE_DATA_DIR:-$REPO_ROOT/.aloe}"
# Relative paths are taken from the repo root, so the script behaves the same from any working directory.
case "$DATA_DIR" in
  /*) ;;
  *) DATA_DIR="$REPO_ROOT/$DATA_DIR" ;;
esac
PGDATA_DIR="$DATA_DIR/pg"
PG_PORT="${ALOE_PG_PORT:-55432}"
PG_DATABASE="${ALOE_PG_DATABASE:-aloe}"
LOG_FILE="$PGDATA_DIR/server.log"
PASSWORD_FILE="$DATA_DIR/pg-password"

log() { echo "pg.sh: $*" >&2; }

# The server binaries live in /usr/lib/postgresql/<major>/bin; /usr/local/bin may hold unrelated tools of the
# same name, so the PATH is never trusted for them. The newest installed major wins.
find_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
  done | sort -t/ -k5,5n | tail -n 1
}

require_bin_dir() {
  PG_BIN="$(find_bin_dir)"
  if [[ -z "$PG_BIN" ]]; then
    log "PostgreSQL server binaries not found under /usr/lib/postgresql; run: scripts/pg.sh install"
    exit 1
  fi
}

as_postgres() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cmd_install() {
  if [[ -n "$(find_bin_dir)" ]] && id postgres >/dev/null 2>&1; then
    return 0
  fi
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  [[ -n "$(find_bin_dir)" ]] || { log "postgresql installed but no initdb found"; exit 1; }
}

# postgres must be able to reach its data dir: every parent needs the search (x) bit for "other". Checkouts
# under /root (mode 700) would otherwise make initdb fail with "permission denied".
make_parents_traversable() {
  local dir="$1"
  while [[ "$dir" != "/" && -n "$dir" ]]; do
    if ! as_postgres test -x "$dir" 2>/dev/null; then
      chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

is_running() {
  [[ -f "$PGDATA_DIR/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

# The password of role postgres, without the newline.
read_password() {
  tr -d '\n' <"$PASSWORD_FILE"
}

# Creates the password file once (noclobber: exclusive create, so two starts at once agree), owner-only.
ensure_password_file() {
  if [[ ! -s "$PASSWORD_FILE" ]]; then
    local password
    password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    (umask 077 && set -o noclobber && printf '%s\n' "$password" >"$PASSWORD_FILE") 2>/dev/null || true
  fi
  chmod 600 "$PASSWORD_FILE"
}

# True when pg_hba.conf still lets anyone in without a password (a data dir initialised by an earlier pg.sh).
hba_has_trust() {
  as_postgres grep -Eq '^[[:space:]]*[^#[:space:]].*[[:space:]]trust[[:space:]]*$' "$PGDATA_DIR/pg_hba.conf"
}

# An old trust-auth data dir, running: give postgres the password, switch every trust line to scram-sha-256, reload.
upgrade_trust_auth() {
  hba_has_trust || return 0
  log "upgrading $PGDATA_DIR from trust to password authentication"
  # The statement goes through stdin, never the command line where other users could see it.
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(current_port)" -U postgres -d postgres -f - >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
ALTER ROLE postgres WITH PASSWORD '$(read_password)';
SQL
  as_postgres sed -i -E '/^[[:space:]]*#/!s/[[:space:]]trust([[:space:]]*)$/ scram-sha-256\1/' "$PGDATA_DIR/pg_hba.conf"
  as_postgres "$PG_BIN/pg_ctl" reload -D "$PGDATA_DIR" >/dev/null
  # The reload is asynchronous: wait until a connection without the password is refused.
  local i
  for ((i = 0; i < 50; i++)); do
    if ! PGPASSWORD= "$PG_BIN/psql" -X -q -w -h 127.0.0.1 -p "$(current_port)" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  log "pg_hba.conf was rewritten but the server still accepts connections without a password"
  exit 1
}

cmd_start() {
  require_bin_dir
  mkdir -p "$DATA_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    make_parents_traversable "$DATA_DIR"
    mkdir -p "$PGDATA_DIR"
    chown postgres:postgres "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
  else
    mkdir -p "$PGDATA_DIR"
  fi

  if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    ensure_password_file
    log "initdb $PGDATA_DIR"
    # Password authentication on the unix socket and on loopback: jobs run on this host (as another user, or as the
    # service's own) and loopback is no trust boundary. initdb reads the password from a file postgres can read.
    local pwfile
    pwfile="$(mktemp)"
    read_password >"$pwfile"
    [[ "$(id -u)" -eq 0 ]] && chown postgres "$pwfile"
    as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$DATA_DIR/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$DATA_DIR/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    as_postgres tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<CONF

# --- AloeOrleans embedded server (scripts/pg.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGDATA_DIR'
max_connections = 200
# Orleans stores UTC instants; a UTC session zone keeps text output and casts unambiguous.
timezone = 'UTC'
log_timezone = 'UTC'
fsync = on
password_encryption = 'scram-sha-256'
CONF
  elif hba_has_trust; then
    # Initialised by an earlier pg.sh with trust: a new password now, set on the server once it runs.
    ensure_password_file
  elif [[ ! -s "$PASSWORD_FILE" ]]; then
    log "$PASSWORD_FILE is missing but $PGDATA_DIR uses password authentication: restore the file, or remove $PGDATA_DIR to start over"
    exit 1
  else
    chmod 600 "$PASSWORD_FILE"
  fi

  if is_running; then
    log "already running (port $(current_port))"
    upgrade_trust_auth
    return 0
  fi
  # Port and socket dir are also passed on the command line so ALOE_PG_PORT wins over what initdb wrote.
  as_postgres "$PG_BIN/pg_ctl" start -w -t 60 -D "$PGDATA_DIR" -l "$LOG_FILE" \
    -o "-p $PG_PORT -k $PGDATA_DIR" >/dev/null \
    || { log "start failed; last log lines:"; tail -n 30 "$LOG_FILE" >&2 || true; exit 1; }
  log "started on 127.0.0.1:$PG_PORT (data $PGDATA_DIR)"
  upgrade_trust_auth
  ensure_database
}

current_port() {
  # postmaster.pid line 4 is the port the running server listens on.
  sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || echo "$PG_PORT"
}

psql_base() {
  PGPASSWORD="$(read_password)" "$PG_BIN/psql" -X -q -w -h 127.0.0.1 -p "$(current_port)" -U postgres "$@"
}

ensure_database() {
  if ! psql_base -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'" | grep -q 1; then
    psql_base -d postgres -c "CREATE DATABASE \"$PG_DATABASE\"" >/dev/null
  fi
}

cmd_stop() {
  require_bin_dir
  if is_running; then
    as_postgres "$PG_BIN/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

cmd_status() {
  require_bin_dir
  if is_running; then
    echo "running: 127.0.0.1:$(current_port) data=$PGDATA_DIR"
  else
    echo "stopped: data=$PGDATA_DIR"
    return 3
  fi
}

require_password_file() {
  [[ -s "$PASSWORD_FILE" ]] || { log "no password yet ($PASSWORD_FILE); run: scripts/pg.sh start"; exit 1; }
}

# A connection string for the service and the tests (database $1, default $ALOE_PG_DATABASE), password included.
cmd_url() {
  require_password_file
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$(read_password);Database=${1:-$PG_DATABASE}"
}

cmd_password() {
  require_password_file
  read_password
  echo
}

cmd_psql() {
  require_bin_dir
  is_running || { log "not running; run: scripts/pg.sh start"; exit 1; }
  require_password_file
  PGPASSWORD="$(read_password)" exec "$PG_BIN/psql" -h 127.0.0.1 -p "$(current_port)" -U postgres -d "$PG_DATABASE" "$@"
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) cmd_url "$@" ;;
    password) cmd_password ;;
    psql) cmd_psql "$@" ;;
    *) echo "usage: scripts/pg.sh install|start|stop|status|url [database]|password|psql [args]" >&2; exit 2 ;;
  esac
}

main "$@"
