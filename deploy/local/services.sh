#!/usr/bin/env bash
# The application services as local processes (built from dist/), after infra.sh has started the infrastructure.
#   bash deploy/local/services.sh start|stop|status|restart [service...]
# Logs in $LOCAL_DIR/log/<service>.log (JSON lines), pids in $LOCAL_DIR/run/<service>.pid.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

ALL=(web enrolment notifications volunteers police-liaison onboarding bra-review)
LOGS="$LOCAL_DIR/log"
RUN="$LOCAL_DIR/run"
mkdir -p "$LOGS" "$RUN"

port_of() {
  case "$1" in
    enrolment) echo "$ENROLMENT_PORT" ;;
    notifications) echo "$NOTIFICATIONS_PORT" ;;
    volunteers) echo "$VOLUNTEERS_PORT" ;;
    police-liaison) echo "$POLICE_LIAISON_PORT" ;;
    onboarding) echo "$ONBOARDING_PORT" ;;
    bra-review) echo "$BRA_REVIEW_PORT" ;;
    web) echo "$WEB_PORT" ;;
    *) die services "unknown service $1 (known: ${ALL[*]})" ;;
  esac
}

# A development secret shared by the services that call each other's internal endpoints (notifications calls
# enrolment's POST /internal/links with it; the web calls notifications' /internal/* preferences API with it). Generated once per machine into $LOCAL_DIR; INTERNAL_API_TOKEN overrides.
internal_api_token() {
  local file="$LOCAL_DIR/internal-api-token"
  if [ -n "${INTERNAL_API_TOKEN:-}" ]; then echo "$INTERNAL_API_TOKEN"; return 0; fi
  if [ ! -s "$file" ]; then (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$file"); fi
  cat "$file"
}

ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready"; }

start_one() {
  local s="$1" port pid
  port="$(port_of "$s")"
  if pid="$(read_pid "$RUN/$s.pid")"; then
    log "$s" "already running (pid $pid) on http://127.0.0.1:$port"
    return 0
  fi
  [ -f "$ROOT/dist/services/$s/src/main.js" ] || die "$s" "not built: run npm run build"
  if port_open 127.0.0.1 "$port"; then die "$s" "port $port is in use by another process"; fi
  local db
  db="${s//-/_}"
  # Local development only: STAFF_DEV_GUARD=allow opens enrolment's coordinator API behind its development guard.
  PORT="$port" MONGO_URL="$MONGO_URL_BASE/$db" KAFKA_BROKERS="$KAFKA_BROKERS" REDIS_URL="$REDIS_URL" SMTP_URL="$SMTP_URL" \
    PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$WEB_PORT}" ENROLMENT_URL="http://127.0.0.1:$ENROLMENT_PORT" \
    WEB_PUBLIC_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$WEB_PORT}" NOTIFICATIONS_URL="http://127.0.0.1:$NOTIFICATIONS_PORT" \
    INTERNAL_API_TOKEN="$(internal_api_token)" STAFF_DEV_GUARD="${STAFF_DEV_GUARD:-allow}" \
    nohup node "$ROOT/dist/services/$s/src/main.js" >>"$LOGS/$s.log" 2>&1 &
  echo $! >"$RUN/$s.pid"
  log "$s" "starting on http://127.0.0.1:$port (log: $LOGS/$s.log)"
}

wait_one() {
  local s="$1" port
  port="$(port_of "$s")"
  WATCH_PID="$(read_pid "$RUN/$s.pid" || true)" wait_until "$s" "${TIMEOUT_SERVICE:-90}" "$LOGS/$s.log" "/health/ready on port $port" ready "$port"
  log "$s" "ready"
}

stop_one() {
  local s="$1" pid
  if pid="$(read_pid "$RUN/$s.pid")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    log "$s" "stopped"
  fi
  rm -f "$RUN/$s.pid"
}

cmd="${1:-status}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")

case "$cmd" in
  start)
    for s in "${targets[@]}"; do start_one "$s"; done
    for s in "${targets[@]}"; do wait_one "$s"; done
    ;;
  stop)
    for s in "${targets[@]}"; do stop_one "$s"; done
    ;;
  restart)
    for s in "${targets[@]}"; do stop_one "$s"; done
    for s in "${targets[@]}"; do start_one "$s"; done
    for s in "${targets[@]}"; do wait_one "$s"; done
    ;;
  status)
    rc=0
    for s in "${targets[@]}"; do
      port="$(port_of "$s")"
      if ready "$port"; then echo "$s: ready  http://127.0.0.1:$port"; else echo "$s: NOT READY (http://127.0.0.1:$port, log $LOGS/$s.log)"; rc=1; fi
    done
    exit $rc
    ;;
  *) die services "usage: services.sh start|stop|status|restart [service...]" ;;
esac
