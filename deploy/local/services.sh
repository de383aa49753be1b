#!/usr/bin/env bash
# The application services as local processes (built from dist/), after infra.sh has started the infrastructure.
#   bash deploy/local/services.sh start|stop|status|restart [service...]
# Logs in $LOCAL_DIR/log/<service>.log (JSON lines), pids in $LOCAL_DIR/run/<service>.pid.
# Several instances of a service: SERVICE_INSTANCES=N (every service) or <SERVICE>_INSTANCES=N (e.g.
# ENROLMENT_INSTANCES, POLICE_LIAISON_INSTANCES; wins over SERVICE_INSTANCES), N = 1–9, default 1 (one process on the
# service's port, as above). With N > 1, instance k listens on INSTANCE_PORT_BASE + 10·k + the service's slot (env.sh:
# enrolment 3111, 3121, …), logs to <service>-<k>.log, pid in <service>-<k>.pid, and round-robin.mts (log
# <service>-proxy.log, pid <service>-proxy.pid) listens on the service's port and spreads requests over the
# instances that accept connections. stop/status/restart find whatever runs, whatever N says now.
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

# local_secret FILE BYTES [VALUE]: VALUE when given (the environment overrides), else a random secret generated once
# per machine into $LOCAL_DIR/FILE (mode 600) and read from there ever after.
local_secret() {
  local file="$LOCAL_DIR/$1"
  if [ -n "${3:-}" ]; then echo "$3"; return 0; fi
  if [ ! -s "$file" ]; then (umask 077; head -c "$2" /dev/urandom | base64 | tr -d '/+=\n' >"$file"); fi
  cat "$file"
}

ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready"; }

# The last digit of the service's default port: where its instances sit in the instance port range.
slot_of() {
  case "$1" in
    web) echo 0 ;; enrolment) echo 1 ;; volunteers) echo 2 ;; police-liaison) echo 3 ;;
    notifications) echo 4 ;; onboarding) echo 5 ;; bra-review) echo 6 ;;
    *) die services "unknown service $1 (known: ${ALL[*]})" ;;
  esac
}

# How many instances to start: <SERVICE>_INSTANCES, else SERVICE_INSTANCES, else 1.
instances_of() {
  local var n
  var="$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')_INSTANCES"
  n="${!var:-${SERVICE_INSTANCES:-1}}"
  [[ "$n" =~ ^[1-9]$ ]] || die "$1" "$var / SERVICE_INSTANCES must be a number from 1 to 9 (got '$n')"
  echo "$n"
}

# Port of instance k (1–9) of a service started as several instances.
instance_port() { echo $((INSTANCE_PORT_BASE + 10 * $2 + $(slot_of "$1"))); }

# Instance numbers with a pid file (whatever N is now), e.g. "1 2".
instances_running() {
  local f k
  for f in "$RUN/$1"-[1-9].pid; do
    [ -e "$f" ] || continue
    k="${f##*-}"; echo "${k%.pid}"
  done
}

# A development CSRF secret shared by web instances behind the proxy (a form served by one is posted to another).
csrf_secret() { local_secret csrf-secret 48 "${CSRF_SECRET:-}"; }

# launch SERVICE PORT NAME [ENV=VALUE...]: one process of the service on PORT, log NAME.log, pid NAME.pid.
launch() {
  local s="$1" port="$2" name="$3" db; shift 3
  [ -f "$ROOT/dist/services/$s/src/main.js" ] || die "$s" "not built: run npm run build"
  if port_open 127.0.0.1 "$port"; then die "$s" "port $port is in use by another process"; fi
  db="${s//-/_}"
  # Every service gets the same variables (.env.example lists them all; each reads what its config declares). From
  # env.sh they also inherit DEV_IDP_URL (the issuers they trust: municipalities/*/identity.yaml), the OIDC client
  # secrets (the web) and the internal secrets INTERNAL_SECRET_* (caller and called service).
  env PORT="$port" MONGO_URL="$MONGO_URL_BASE/$db" KAFKA_BROKERS="$KAFKA_BROKERS" REDIS_URL="$REDIS_URL" SMTP_URL="$SMTP_URL" \
    WEB_PUBLIC_URL="${WEB_PUBLIC_URL:-http://127.0.0.1:$WEB_PORT}" ENROLMENT_URL="http://127.0.0.1:$ENROLMENT_PORT" \
    NOTIFICATIONS_URL="http://127.0.0.1:$NOTIFICATIONS_PORT" VOLUNTEERS_URL="http://127.0.0.1:$VOLUNTEERS_PORT" POLICE_LIAISON_URL="http://127.0.0.1:$POLICE_LIAISON_PORT" \
    BRA_REVIEW_URL="http://127.0.0.1:$BRA_REVIEW_PORT" \
    "$@" \
    nohup node "$ROOT/dist/services/$s/src/main.js" >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  log "$s" "starting on http://127.0.0.1:$port (log: $LOGS/$name.log)"
}

start_one() {
  local s="$1" port pid n k ports=() extra=()
  port="$(port_of "$s")"
  n="$(instances_of "$s")"
  if pid="$(read_pid "$RUN/$s.pid")"; then
    log "$s" "already running (pid $pid) on http://127.0.0.1:$port"
    [ "$n" = 1 ] || log "$s" "as one instance: to run $n, use restart"
    return 0
  fi
  if [ "$n" = 1 ]; then
    if [ -n "$(instances_running "$s")" ] || read_pid "$RUN/$s-proxy.pid" >/dev/null; then
      log "$s" "already running as several instances on http://127.0.0.1:$port (to run one, use restart)"
      return 0
    fi
    launch "$s" "$port" "$s"
    return 0
  fi
  [ "$s" != web ] || extra=(CSRF_SECRET="$(csrf_secret)")
  for k in $(seq 1 "$n"); do
    ports+=("$(instance_port "$s" "$k")")
    if pid="$(read_pid "$RUN/$s-$k.pid")"; then
      log "$s" "instance $k already running (pid $pid) on http://127.0.0.1:${ports[-1]}"
    else
      launch "$s" "${ports[-1]}" "$s-$k" "${extra[@]}"
    fi
  done
  if pid="$(read_pid "$RUN/$s-proxy.pid")"; then
    log "$s" "round-robin proxy already running (pid $pid) on http://127.0.0.1:$port"
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then die "$s" "port $port is in use by another process"; fi
  nohup node "$HERE/round-robin.mts" --name "$s" --listen "$port" --to "$(IFS=,; echo "${ports[*]}")" >>"$LOGS/$s-proxy.log" 2>&1 &
  echo $! >"$RUN/$s-proxy.pid"
  log "$s" "round-robin proxy on http://127.0.0.1:$port → ${ports[*]} (log: $LOGS/$s-proxy.log)"
}

wait_one() {
  local s="$1" port k p
  port="$(port_of "$s")"
  for k in $(instances_running "$s"); do
    p="$(instance_port "$s" "$k")"
    WATCH_PID="$(read_pid "$RUN/$s-$k.pid" || true)" wait_until "$s" "${TIMEOUT_SERVICE:-90}" "$LOGS/$s-$k.log" "/health/ready of instance $k on port $p" ready "$p"
    log "$s" "instance $k ready on http://127.0.0.1:$p"
  done
  if [ -e "$RUN/$s-proxy.pid" ]; then
    WATCH_PID="$(read_pid "$RUN/$s-proxy.pid" || true)" wait_until "$s" 20 "$LOGS/$s-proxy.log" "/health/ready through the proxy on port $port" ready "$port"
  else
    WATCH_PID="$(read_pid "$RUN/$s.pid" || true)" wait_until "$s" "${TIMEOUT_SERVICE:-90}" "$LOGS/$s.log" "/health/ready on port $port" ready "$port"
  fi
  log "$s" "ready"
}

# stop_pidfile COMPONENT FILE: SIGTERM, up to 10 s, then SIGKILL.
stop_pidfile() {
  local c="$1" f="$2" pid
  if pid="$(read_pid "$f")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    log "$c" "stopped"
  fi
  rm -f "$f"
}

stop_one() {
  local s="$1" k
  stop_pidfile "$s" "$RUN/$s.pid"
  [ -e "$RUN/$s-proxy.pid" ] && stop_pidfile "$s round-robin proxy" "$RUN/$s-proxy.pid"
  for k in $(instances_running "$s"); do stop_pidfile "$s instance $k" "$RUN/$s-$k.pid"; done
  return 0
}

status_one() {
  local s="$1" port k p rc=0 line
  port="$(port_of "$s")"
  if [ -z "$(instances_running "$s")" ] && [ ! -e "$RUN/$s-proxy.pid" ]; then
    if ready "$port"; then echo "$s: ready  http://127.0.0.1:$port"; else echo "$s: NOT READY (http://127.0.0.1:$port, log $LOGS/$s.log)"; return 1; fi
    return 0
  fi
  line=""
  for k in $(instances_running "$s"); do
    p="$(instance_port "$s" "$k")"
    if ready "$p"; then line+=" $k:$p ready"; else line+=" $k:$p NOT READY (log $LOGS/$s-$k.log)"; rc=1; fi
  done
  if ready "$port"; then echo "$s: ready  http://127.0.0.1:$port (round-robin proxy) —$line"
  else echo "$s: NOT READY (http://127.0.0.1:$port round-robin proxy, log $LOGS/$s-proxy.log) —$line"; rc=1; fi
  return $rc
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
    for s in "${targets[@]}"; do status_one "$s" || rc=1; done
    exit $rc
    ;;
  *) die services "usage: services.sh start|stop|status|restart [service...]" ;;
esac
