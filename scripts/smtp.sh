#!/usr/bin/env bash
# SMTP server for AloeOrleans tests and local development: Debian's python3-aiosmtpd running scripts/smtp_sink.py on
# 127.0.0.1:$ALOE_SMTP_PORT (default 52525). It accepts every message, delivers nothing onwards, and stores each one as
# a file in "$ALOE_DATA_DIR/smtp/mail" (tests read them there). No TLS, no authentication: loopback only.
# Usage: scripts/smtp.sh install|start|stop|status|env
#   env prints KEY=VALUE lines: ALOE_SMTP_HOST, ALOE_SMTP_PORT, ALOE_SMTP_MAIL_DIR.
set -euo pipefail
SCRIPT_NAME="smtp.sh"
# shellcheck source=infra-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-lib.sh"

STATE="$DATA_DIR/smtp"
PORT="${ALOE_SMTP_PORT:-52525}"
MAIL_DIR="$STATE/mail"
PID_FILE="$STATE/smtp.pid"
LOG_FILE="$STATE/smtp.log"
ENV_FILE="$STATE/env"
SINK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/smtp_sink.py"
# Debian's interpreter, which the python3-aiosmtpd package installs into (not whatever python3 is first on PATH).
PYTHON=/usr/bin/python3

cmd_install() {
  if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import aiosmtpd.controller' >/dev/null 2>&1; then
    return 0
  fi
  require_root
  apt_install python3-aiosmtpd
}

is_running() {
  pid_alive "$PID_FILE" smtp_sink.py
}

cmd_start() {
  cmd_install
  mkdir -p "$STATE" "$MAIL_DIR"
  write_env
  if is_running; then
    log "already running (127.0.0.1:$PORT)"
    return 0
  fi
  setsid "$PYTHON" "$SINK" "$PORT" "$MAIL_DIR" </dev/null >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  if ! wait_for 15 "smtp on 127.0.0.1:$PORT" port_open "$PORT" || ! is_running; then
    tail -20 "$LOG_FILE" >&2 || true
    exit 1
  fi
  log "started on 127.0.0.1:$PORT (mail in $MAIL_DIR)"
}

cmd_stop() {
  stop_pidfile "$PID_FILE" smtp_sink.py smtp
}

cmd_status() {
  if is_running; then
    echo "running: smtp 127.0.0.1:$PORT pid=$(cat "$PID_FILE") mail=$MAIL_DIR"
  else
    echo "stopped: smtp state=$STATE"
    return 3
  fi
}

write_env() {
  write_env_file "$ENV_FILE" <<ENV
ALOE_SMTP_HOST=127.0.0.1
ALOE_SMTP_PORT=$PORT
ALOE_SMTP_MAIL_DIR=$MAIL_DIR
ENV
}

run_server_command "$@"
