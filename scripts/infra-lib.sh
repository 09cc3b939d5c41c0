# Shared helpers for scripts/sshd.sh, scripts/slurm.sh, scripts/ftp.sh and scripts/smtp.sh (sourced, not run).
# Every server is installed from Debian packages, bound to 127.0.0.1, keeps all of its files under
# "$ALOE_DATA_DIR/<name>" and is stopped through the pid file it (or its script) wrote there.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${ALOE_DATA_DIR:-$REPO_ROOT/.aloe}"
# Relative paths are taken from the repo root, so the scripts behave the same from any working directory.
case "$DATA_DIR" in
  /*) ;;
  *) DATA_DIR="$REPO_ROOT/$DATA_DIR" ;;
esac

# The SSH test user shared by sshd.sh (login) and slurm.sh (job owner).
ALOE_TEST_USER="${ALOE_SSH_TEST_USER:-aloetest}"

require_root() {
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "$SCRIPT_NAME: must run as root (it starts system daemons and manages the '$ALOE_TEST_USER' user)" >&2
    exit 1
  fi
}

log() { echo "$SCRIPT_NAME: $*" >&2; }

# apt-get install of the given packages. Debian's maintainer scripts would start each daemon on its default
# port on every address; a policy-rc.d that denies service starts keeps them quiet (only when none exists).
apt_install() {
  log "installing from Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  # One `apt-get update` serves the next scripts of the same `./aloe test` (sshd, Slurm, FTP): package lists
  # refreshed in the last 30 minutes are tried first, and an install that fails on them updates and retries.
  if [[ -n "$(find /var/cache/apt/pkgcache.bin -mmin -30 2>/dev/null)" ]] \
      && apt-get install -y -qq "$@" >/dev/null 2>&1; then
    rc=0
  else
    { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; } || rc=$?
  fi
  if [[ $own_policy -eq 1 ]]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  return "$rc"
}

# Every parent of a path must be searchable by unprivileged daemon users and the test user
# (checkouts under /root are mode 700).
make_parents_traversable() {
  local dir="$1"
  while [[ "$dir" != "/" && -n "$dir" ]]; do
    if [[ -d "$dir" ]] && [[ "$(( 0$(stat -c %a "$dir") & 01 ))" -eq 0 ]]; then
      chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

# pid_alive <pidfile> <expected-command-substring>: the pid in the file is a live process running that command
# (guards against a stale pid file whose pid was reused by something else).
pid_alive() {
  local pidfile="$1" expect="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" && "$pid" -gt 1 ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expect"
}

# stop_pidfile <pidfile> <expected-command-substring> <label>: SIGTERM the one pid, wait, SIGKILL if it lingers.
# Only ever a single positive pid taken from our own pid file.
stop_pidfile() {
  local pidfile="$1" expect="$2" label="$3" pid i
  if ! pid_alive "$pidfile" "$expect"; then
    rm -f "$pidfile"
    return 0
  fi
  pid="$(tr -dc '0-9' <"$pidfile")"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    [[ -d "/proc/$pid" ]] || break
    sleep 0.1
  done
  if [[ -d "/proc/$pid" ]]; then
    log "$label (pid $pid) ignored SIGTERM for 10 s; SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$pidfile"
  log "stopped $label"
}

# wait_for <seconds> <description> <command...>: poll until the command succeeds.
wait_for() {
  local seconds="$1" what="$2" deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# A TCP port on 127.0.0.1 accepts connections.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Creates the test user if missing. useradd leaves the account locked ('!' in shadow), and sshd refuses even
# key logins to a locked account, so the password is always set (sshd.sh sets the real one).
ensure_test_user() {
  if ! id "$ALOE_TEST_USER" >/dev/null 2>&1; then
    log "creating user $ALOE_TEST_USER"
    useradd -m -s /bin/bash "$ALOE_TEST_USER"
  fi
  local home
  home="$(getent passwd "$ALOE_TEST_USER" | cut -d: -f6)"
  mkdir -p "$home"
  chown "$ALOE_TEST_USER:" "$home"
  # StrictModes: the home dir must not be writable by group or others.
  chmod 755 "$home"
  if [[ "$(getent shadow "$ALOE_TEST_USER" | cut -d: -f2)" == '!'* ]]; then
    usermod -p '*' "$ALOE_TEST_USER"
  fi
}

# Writes KEY=VALUE lines (from stdin) to a file that `env` prints.
write_env_file() {
  local file="$1"
  cat >"$file.tmp"
  mv "$file.tmp" "$file"
}

# The command line every server script shares: install|start|stop|status|env, dispatched to the script's own
# cmd_install, cmd_start, cmd_stop and cmd_status; `env` prints the env file its start wrote ($ENV_FILE).
run_server_command() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    install) require_root; cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env)
      if [[ ! -f "$ENV_FILE" ]]; then
        log "not started yet in $STATE; run: scripts/$SCRIPT_NAME start"
        exit 1
      fi
      cat "$ENV_FILE"
      ;;
    *) echo "usage: scripts/$SCRIPT_NAME install|start|stop|status|env" >&2; exit 2 ;;
  esac
}
