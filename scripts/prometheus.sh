#!/usr/bin/env bash
# Prometheus for AloeOrleans tests and local development: Debian's prometheus package (bookworm: 2.42) run as our own
# process (never the package's systemd/init service) on 127.0.0.1:$ALOE_PROMETHEUS_PORT (default 19090), as the
# package's user `prometheus` when started by root. Every file lives in "$ALOE_DATA_DIR/prometheus":
#   prometheus.yml   written only when absent (edit it freely; `curl -X POST $ALOE_PROMETHEUS_URL/-/reload` reloads):
#                    scrape every 1 s, job `aloe` at /metrics with a Bearer token, targets from targets/*.json
#   targets/*.json   file_sd target files, re-read within a second: a test adds a target by writing
#                    [{"targets": ["127.0.0.1:PORT"], "labels": {...}}] to a new file there (write NAME.tmp, then
#                    rename it to NAME.json, so a half-written file is never read)
#   operator-token   the Bearer token sent with every scrape, created once (random, mode 600, owned by `prometheus`).
#                    Tests and operators replace it with the service's operator token; Prometheus re-reads it on every
#                    scrape. Overwrite it in place (or chown it back to `prometheus`): the server must be able to read it.
#   data/            the TSDB; prometheus.pid, prometheus.log, env
# Usage: scripts/prometheus.sh install|start|stop|status|env|url
#   env prints KEY=VALUE lines: ALOE_PROMETHEUS_URL, ALOE_PROMETHEUS_DIR, ALOE_PROMETHEUS_TARGETS_DIR,
#   ALOE_PROMETHEUS_TOKEN_FILE. url prints the running server's URL (or the one it would start on).
# The port sits below Linux's ephemeral range (32768-60999) for the reason given in scripts/slurm.sh; `./aloe test`
# uses 19091 (ALOE_TEST_PROMETHEUS_PORT).
set -euo pipefail
SCRIPT_NAME="prometheus.sh"
# shellcheck source=infra-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-lib.sh"

STATE="$DATA_DIR/prometheus"
PORT="${ALOE_PROMETHEUS_PORT:-19090}"
CONFIG="$STATE/prometheus.yml"
TARGETS_DIR="$STATE/targets"
TOKEN_FILE="$STATE/operator-token"
TSDB_DIR="$STATE/data"
PID_FILE="$STATE/prometheus.pid"
LOG_FILE="$STATE/prometheus.log"
ENV_FILE="$STATE/env"
PROMETHEUS=/usr/bin/prometheus
PROMTOOL=/usr/bin/promtool
RUN_USER=prometheus
# Identifies our process for this data dir (a stale pid file, or another checkout's server, never matches).
PROCESS_MATCH="--config.file=$CONFIG"

cmd_install() {
  if [[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]] && id "$RUN_USER" >/dev/null 2>&1; then
    return 0
  fi
  require_root
  # Without recommends: prometheus-node-exporter would be one more daemon on every address (port 9100).
  apt_install --no-install-recommends prometheus
  disable_package_service
}

# The package's maintainer scripts enable (and, unless a policy-rc.d forbids it, start) a service listening on every
# address at :9090. apt_install's policy-rc.d keeps it from starting; this also undoes the enabling, so a later boot
# or `invoke-rc.d` does not start it. Our own server never depends on any of this.
disable_package_service() {
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  fi
  if [[ -x /etc/init.d/prometheus ]]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
    update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
  if port_open 9090; then
    log "warning: something listens on port 9090 after installing prometheus (the package's service?); it is not ours"
  fi
}

# Runs a command as the server's user when we are root (otherwise as ourselves).
as_run_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    setpriv --reuid="$RUN_USER" --regid="$RUN_USER" --init-groups -- "$@"
  else
    "$@"
  fi
}

# A YAML single-quoted scalar.
yaml_quote() {
  printf "'%s'" "${1//\'/\'\'}"
}

write_config_if_absent() {
  [[ -f "$CONFIG" ]] && return 0
  cat >"$CONFIG.tmp" <<CONF
# Written by scripts/prometheus.sh when absent; it is never overwritten, edit freely.
# Reload after editing: curl -X POST http://127.0.0.1:<port>/-/reload (the server runs with --web.enable-lifecycle).
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: aloe
    metrics_path: /metrics
    scheme: http
    # The operator token, re-read on every scrape (replace the file's content; no reload needed).
    authorization:
      type: Bearer
      credentials_file: $(yaml_quote "$TOKEN_FILE")
    # One JSON file per target group, e.g. [{"targets": ["127.0.0.1:8080"], "labels": {"silo": "a"}}].
    file_sd_configs:
      - files:
          - $(yaml_quote "$TARGETS_DIR/*.json")
        refresh_interval: 1s
CONF
  mv "$CONFIG.tmp" "$CONFIG"
  chmod 644 "$CONFIG"
}

# A random token, created once (noclobber: two starts at once agree); a token file that exists is left alone.
ensure_token_file() {
  if [[ ! -s "$TOKEN_FILE" ]]; then
    local token
    token="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    rm -f "$TOKEN_FILE"
    (umask 077 && set -o noclobber && printf '%s' "$token" >"$TOKEN_FILE") 2>/dev/null || true
  fi
  chmod 600 "$TOKEN_FILE"
}

prepare_state() {
  mkdir -p "$STATE" "$TARGETS_DIR" "$TSDB_DIR"
  write_config_if_absent
  ensure_token_file
  if [[ "$(id -u)" -eq 0 ]]; then
    # The server's user must reach its files: every parent folder searchable (o+x), its own files its own.
    make_parents_traversable "$STATE"
    chown "$RUN_USER:" "$STATE" "$TARGETS_DIR" "$TOKEN_FILE"
    chown -R "$RUN_USER:" "$TSDB_DIR"
  fi
  chmod 755 "$STATE" "$TARGETS_DIR"
  chmod 700 "$TSDB_DIR"
}

is_running() {
  pid_alive "$PID_FILE" "$PROCESS_MATCH"
}

# The URL of the running server (from the env file its start wrote), else the one it would start on.
current_url() {
  local url=""
  if is_running && [[ -f "$ENV_FILE" ]]; then
    url="$(sed -n 's/^ALOE_PROMETHEUS_URL=//p' "$ENV_FILE")"
  fi
  echo "${url:-http://127.0.0.1:$PORT}"
}

ready() {
  curl -fsS -o /dev/null --max-time 2 "$1/-/ready"
}

cmd_start() {
  cmd_install
  prepare_state
  if is_running; then
    [[ -f "$ENV_FILE" ]] || write_env
    log "already running ($(current_url))"
    return 0
  fi
  # Checked as the server's user: a config it cannot load, or a token file it cannot read, fails here, readably.
  if ! as_run_user "$PROMTOOL" check config "$CONFIG" >"$STATE/promtool.log" 2>&1; then
    log "$CONFIG does not load:"
    cat "$STATE/promtool.log" >&2
    exit 1
  fi
  if port_open "$PORT"; then
    log "127.0.0.1:$PORT is already taken by another process; set ALOE_PROMETHEUS_PORT"
    exit 1
  fi
  # setsid gives the server its own session (it outlives this shell); setsid and setpriv exec, so $! is its pid.
  local launcher=(setsid)
  if [[ "$(id -u)" -eq 0 ]]; then
    launcher+=(setpriv --reuid="$RUN_USER" --regid="$RUN_USER" --init-groups --)
  fi
  (cd "$STATE" && exec "${launcher[@]}" "$PROMETHEUS" "$PROCESS_MATCH" \
    --web.listen-address="127.0.0.1:$PORT" \
    --web.enable-lifecycle \
    --storage.tsdb.path="$TSDB_DIR" \
    </dev/null >>"$LOG_FILE" 2>&1) &
  echo $! >"$PID_FILE"
  local url="http://127.0.0.1:$PORT" deadline=$((SECONDS + 60))
  until ready "$url" 2>/dev/null; do
    if ! is_running || ((SECONDS >= deadline)); then
      if is_running; then
        log "not ready after 60 s on $url; stopping it"
        cmd_stop
      else
        log "exited during start"
        rm -f "$PID_FILE"
      fi
      tail -n 20 "$LOG_FILE" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
  write_env
  log "started on $url (config $CONFIG, targets $TARGETS_DIR/*.json)"
}

cmd_stop() {
  stop_pidfile "$PID_FILE" "$PROCESS_MATCH" prometheus
}

cmd_status() {
  if is_running; then
    echo "running: prometheus $(current_url) pid=$(cat "$PID_FILE") state=$STATE"
  else
    echo "stopped: prometheus state=$STATE"
    return 3
  fi
}

write_env() {
  write_env_file "$ENV_FILE" <<ENV
ALOE_PROMETHEUS_URL=http://127.0.0.1:$PORT
ALOE_PROMETHEUS_DIR=$STATE
ALOE_PROMETHEUS_TARGETS_DIR=$TARGETS_DIR
ALOE_PROMETHEUS_TOKEN_FILE=$TOKEN_FILE
ENV
}

case "${1:-}" in
  url) current_url ;;
  install|start|stop|status|env) run_server_command "$@" ;;
  *) echo "usage: scripts/$SCRIPT_NAME install|start|stop|status|env|url" >&2; exit 2 ;;
esac
