#!/usr/bin/env bash
# Local infrastructure without Docker: PostgreSQL 15 with the DocumentDB extension → FerretDB 2 (MongoDB API) →
# Kafka (KRaft) → Redis → mail catcher → SMS gateway → development identity provider (OpenID Connect).
#   bash deploy/local/infra.sh start|stop|status|restart [component...]
# Components: postgres ferretdb kafka redis mail sms idp (started in that order, stopped in reverse).
# Everything listens on 127.0.0.1 (ports in env.sh); data in $LOCAL_DIR/data/<component>,
# logs in $LOCAL_DIR/log/<component>.log, pids in $LOCAL_DIR/run/<component>.pid.
# `start` is idempotent; `status` exits 1 when a requested component is not healthy.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

ALL=(postgres ferretdb kafka redis mail sms idp)
DATA="$LOCAL_DIR/data"
LOGS="$LOCAL_DIR/log"
RUN="$LOCAL_DIR/run"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
FERRETDB_BIN="$LOCAL_DIR/bin/ferretdb"
KAFKA_LIBS="$LOCAL_DIR/kafka/libs"
NODE="$NODE24_BIN/node"
KAFKA_HEAP="${KAFKA_HEAP:--Xmx512m -Xms256m}"

# Health-wait timeouts in seconds.
TIMEOUT_postgres="${TIMEOUT_POSTGRES:-60}"
TIMEOUT_ferretdb="${TIMEOUT_FERRETDB:-30}"
TIMEOUT_kafka="${TIMEOUT_KAFKA:-90}"
TIMEOUT_redis="${TIMEOUT_REDIS:-20}"
TIMEOUT_mail="${TIMEOUT_MAIL:-20}"
TIMEOUT_sms="${TIMEOUT_SMS:-20}"
TIMEOUT_idp="${TIMEOUT_IDP:-20}"

mkdir -p "$DATA" "$LOGS" "$RUN"

logf() { printf '%s/%s.log' "$LOGS" "$1"; }
pidf() { printf '%s/%s.pid' "$RUN" "$1"; }

# Ports a component listens on (for conflict checks and status).
ports_of() {
  case "$1" in
    postgres) echo "$PG_PORT" ;;
    ferretdb) echo "$MONGO_PORT $FERRETDB_DEBUG_PORT" ;;
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
    mail) echo "$SMTP_PORT $MAIL_HTTP_PORT" ;;
    sms) echo "$SMS_GATEWAY_PORT" ;;
    idp) echo "$DEV_IDP_PORT" ;;
  esac
}

# Refuse to start when another process holds one of the component's ports.
check_ports_free() {
  local c="$1" p who
  for p in $(ports_of "$c"); do
    if port_open 127.0.0.1 "$p"; then
      who="$(ss -ltnpH "sport = :$p" 2>/dev/null | grep -o 'users:(.*)' | head -n1 || true)"
      die "$c" "port 127.0.0.1:$p is already in use by another process ${who:-(unknown)}; stop it or change the port in the environment (see deploy/local/env.sh)"
    fi
  done
}

# Stops a component started in the background by its pid file: TERM, then KILL after GRACE seconds.
#   stop_by_pidfile NAME GRACE [NOTE [BEFORE]]  — NOTE goes into the log line, BEFORE is a command run first.
stop_by_pidfile() {
  local c="$1" grace="$2" note="${3:-}" before="${4:-}" pid
  if pid="$(read_pid "$(pidf "$c")")"; then
    log "$c" "stopping (pid $pid${note:+, $note})"
    if [ -n "$before" ]; then "$before"; fi
    stop_pid "$c" "$pid" "$grace"
  else
    log "$c" "not running"
  fi
  rm -f "$(pidf "$c")"
}

# Marks the log so that health checks only look at lines written by this start.
mark_log() {
  printf '==== infra.sh start %s ====\n' "$(date -Is)" >>"$(logf "$1")"
}
log_since_mark() {
  awk '/^==== infra.sh start /{buf=""; next} {buf = buf $0 "\n"} END {printf "%s", buf}' "$1" 2>/dev/null
}

# ================================================================ postgres

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_prepare_dirs() {
  local d="$DATA/postgres" sock="$RUN/postgres"
  mkdir -p "$d" "$sock"
  touch "$(logf postgres)"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die postgres "the 'postgres' system user is missing (install postgresql-15: bash deploy/local/install.sh)"
    chown postgres:postgres "$d" "$sock" "$(logf postgres)"
    # PostgreSQL refuses to run as root: the postgres user must be able to reach the data dir.
    local p="$d"
    while p="$(dirname "$p")" && [ "$p" != "/" ]; do
      if ! runuser -u postgres -- test -x "$p" 2>/dev/null; then
        log postgres "making $p traversable (chmod o+x) for the postgres user"
        chmod o+x "$p"
      fi
    done
  fi
  chmod 700 "$d"
}

pg_running() { as_pg "$PG_BIN/pg_ctl" status -D "$DATA/postgres" >/dev/null 2>&1; }
health_postgres() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -t 2; }
pid_postgres() { [ -s "$DATA/postgres/postmaster.pid" ] && head -n1 "$DATA/postgres/postmaster.pid" 2>/dev/null; }

# DocumentDB's settings (the fork's packaging/10-preload.sh), passed on the command line so that a data directory
# made by an older version of this script gets them too.
#   enableNewSelectivityMode: without it, right after a bulk load a find on an indexed field walks the _id index.
PG_DOCUMENTDB_OPTS="-c shared_preload_libraries=pg_cron,pg_documentdb_core,pg_documentdb -c cron.database_name=postgres \
-c documentdb.enableNewSelectivityMode=on -c documentdb.enableCompact=true \
-c documentdb.enableLetAndCollationForQueryMatch=true -c documentdb.enableNowSystemVariable=true \
-c documentdb.enableSortbyIdPushDownToPrimaryKey=true -c documentdb.enableSchemaValidation=true \
-c documentdb.enableBypassDocumentValidation=true -c documentdb.enableUserCrud=true -c documentdb.maxUserLimit=100"

pg_sql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

start_postgres() {
  local d="$DATA/postgres" lf; lf="$(logf postgres)"
  [ -x "$PG_BIN/pg_ctl" ] || die postgres "$PG_BIN/pg_ctl missing: run bash deploy/local/install.sh"
  [ -f "$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null)/pg_documentdb.so" ] \
    || die postgres "the DocumentDB extension is not installed: run bash deploy/local/install.sh"
  pg_prepare_dirs
  if [ ! -f "$d/PG_VERSION" ]; then
    log postgres "initdb into $d"
    find "$d" -mindepth 1 -delete
    as_pg "$PG_BIN/initdb" -D "$d" -A trust -U postgres -E UTF8 --locale=C >>"$lf" 2>&1 \
      || { tail_log "$lf"; die postgres "initdb failed (log: $lf)"; }
  fi
  if pg_running && health_postgres; then
    log postgres "already running (pid $(pid_postgres)) on 127.0.0.1:$PG_PORT"
  else
    check_ports_free postgres
    mark_log postgres
    log postgres "starting on 127.0.0.1:$PG_PORT (DocumentDB preloaded)"
    as_pg "$PG_BIN/pg_ctl" -D "$d" -l "$lf" -w -t "$TIMEOUT_postgres" \
      -o "-p $PG_PORT -k $RUN/postgres -c listen_addresses=127.0.0.1 $PG_DOCUMENTDB_OPTS" start >/dev/null 2>&1 \
      || { tail_log "$lf"; die postgres "pg_ctl start failed (log: $lf)"; }
    wait_until postgres "$TIMEOUT_postgres" "$lf" "pg_isready on 127.0.0.1:$PG_PORT" health_postgres \
      || die postgres "not healthy (log: $lf)"
  fi
  pid_postgres >"$(pidf postgres)"
  if [ "$(pg_sql -tAc "SELECT extversion FROM pg_extension WHERE extname = 'documentdb'")" = "" ]; then
    log postgres "creating extension documentdb (with documentdb_core, pg_cron, vector, postgis, rum) in database postgres"
    pg_sql -qc 'CREATE EXTENSION IF NOT EXISTS documentdb CASCADE' >>"$lf" 2>&1 \
      || { tail_log "$lf"; die postgres "CREATE EXTENSION documentdb failed (log: $lf)"; }
  fi
}

stop_postgres() {
  if pg_running; then
    log postgres "stopping (pid $(pid_postgres))"
    as_pg "$PG_BIN/pg_ctl" -D "$DATA/postgres" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || die postgres "pg_ctl stop failed (log: $(logf postgres))"
  else
    log postgres "not running"
  fi
  rm -f "$(pidf postgres)"
}

# ================================================================ ferretdb

# A real MongoDB-protocol ping. FerretDB's ping queries PostgreSQL only once a database exists,
# so its backend is checked as well.
health_ferretdb() { "$NODE" "$HERE/probe.mjs" mongo "$MONGO_PORT" && health_postgres; }

start_ferretdb() {
  local lf pid; lf="$(logf ferretdb)"
  [[ "$("$FERRETDB_BIN" --version 2>/dev/null || true)" == "version: v2."* ]] || die ferretdb "$FERRETDB_BIN is not FerretDB 2: run bash deploy/local/install.sh"
  [ -x "$FERRETDB_BIN" ] || die ferretdb "$FERRETDB_BIN missing: run bash deploy/local/install.sh"
  [ -x "$NODE" ] || die ferretdb "Node 24 missing ($NODE): run bash deploy/local/install.sh"
  if pid="$(read_pid "$(pidf ferretdb)")"; then
    WATCH_PID="$pid" wait_until ferretdb "$TIMEOUT_ferretdb" "$lf" "ping on 127.0.0.1:$MONGO_PORT" health_ferretdb \
      || die ferretdb "running (pid $pid) but not healthy (log: $lf)"
    log ferretdb "already running (pid $pid) on 127.0.0.1:$MONGO_PORT"
    return
  fi
  check_ports_free ferretdb
  mkdir -p "$DATA/ferretdb"
  mark_log ferretdb
  log ferretdb "starting on 127.0.0.1:$MONGO_PORT (DocumentDB on PostgreSQL 127.0.0.1:$PG_PORT/postgres)"
  nohup "$FERRETDB_BIN" \
    --postgresql-url="postgres://postgres@127.0.0.1:$PG_PORT/postgres" \
    --listen-addr="127.0.0.1:$MONGO_PORT" \
    --no-auth \
    --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" \
    --state-dir="$DATA/ferretdb" \
    --telemetry=disable \
    --log-format=text \
    </dev/null >>"$lf" 2>&1 &
  pid=$!
  echo "$pid" >"$(pidf ferretdb)"
  WATCH_PID="$pid" wait_until ferretdb "$TIMEOUT_ferretdb" "$lf" "ping on 127.0.0.1:$MONGO_PORT" health_ferretdb \
    || die ferretdb "did not become healthy (log: $lf)"
}

stop_ferretdb() { stop_by_pidfile ferretdb 15; }

# ================================================================ kafka

KAFKA_JAVA_OPTS=(
  -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$HERE/kafka/log4j2.yaml"
)

kafka_java() {
  # shellcheck disable=SC2086
  java $KAFKA_HEAP "${KAFKA_JAVA_OPTS[@]}" "-Dkafka.log.file=$(logf kafka)" -cp "$KAFKA_LIBS/*" "$@"
}

# awk matches itself (not `| grep -q`): with pipefail, grep -q leaving early makes awk die of SIGPIPE once the log
# since the mark outgrows the pipe buffer (a long-lived broker logs every consumer group it loads), and the check
# failed although the broker had started.
kafka_started() { log_since_mark "$(logf kafka)" | awk '/Kafka Server started/ { found = 1 } END { exit !found }'; }
# A real Kafka request: ApiVersions, answered with error code 0 by a serving broker.
health_kafka() { "$NODE" "$HERE/probe.mjs" kafka "$KAFKA_PORT"; }

start_kafka() {
  local lf pid d="$DATA/kafka" t; lf="$(logf kafka)"
  [ -f "$KAFKA_LIBS/.complete" ] || die kafka "$KAFKA_LIBS missing: run bash deploy/local/install.sh"
  command -v java >/dev/null 2>&1 || die kafka "java missing"
  [ -x "$NODE" ] || die kafka "Node 24 missing ($NODE): run bash deploy/local/install.sh"
  if pid="$(read_pid "$(pidf kafka)")"; then
    WATCH_PID="$pid" wait_until kafka "$TIMEOUT_kafka" "$lf" "broker answering on 127.0.0.1:$KAFKA_PORT" health_kafka \
      || die kafka "running (pid $pid) but not healthy (log: $lf)"
    log kafka "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    return
  fi
  check_ports_free kafka
  mkdir -p "$d"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$d|g" \
      "$HERE/kafka/server.properties.template" >"$d/server.properties"
  mark_log kafka
  if [ ! -f "$d/logs/meta.properties" ]; then
    local uuid
    uuid="$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$lf" | tail -n1)"
    log kafka "formatting storage in $d/logs (cluster id $uuid)"
    kafka_java kafka.tools.StorageTool format -t "$uuid" -c "$d/server.properties" >>"$lf" 2>&1 \
      || { tail_log "$lf"; die kafka "storage format failed (log: $lf)"; }
  fi
  t=$(now_ms)
  log kafka "starting on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, heap $KAFKA_HEAP)"
  # shellcheck disable=SC2086  # KAFKA_HEAP holds several JVM options
  nohup java $KAFKA_HEAP "${KAFKA_JAVA_OPTS[@]}" "-Dkafka.log.file=$lf" -cp "$KAFKA_LIBS/*" \
    kafka.Kafka "$d/server.properties" </dev/null >>"$lf" 2>&1 &
  pid=$!
  echo "$pid" >"$(pidf kafka)"
  WATCH_PID="$pid" wait_until kafka "$TIMEOUT_kafka" "$lf" "'Kafka Server started' in the log" kafka_started \
    || die kafka "did not start (log: $lf)"
  WATCH_PID="$pid" wait_until kafka "$TIMEOUT_kafka" "$lf" "broker answering on 127.0.0.1:$KAFKA_PORT" health_kafka \
    || die kafka "not answering (log: $lf)"
  log kafka "broker ready after $(elapsed "$t")"
}

stop_kafka() { stop_by_pidfile kafka 45 "controlled shutdown"; }

# ================================================================ redis

health_redis() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

start_redis() {
  local lf pid; lf="$(logf redis)"
  command -v redis-server >/dev/null 2>&1 || die redis "redis-server missing: run bash deploy/local/install.sh"
  if pid="$(read_pid "$(pidf redis)")"; then
    WATCH_PID="$pid" wait_until redis "$TIMEOUT_redis" "$lf" "PONG on 127.0.0.1:$REDIS_PORT" health_redis \
      || die redis "running (pid $pid) but not healthy (log: $lf)"
    log redis "already running (pid $pid) on 127.0.0.1:$REDIS_PORT"
    return
  fi
  check_ports_free redis
  mkdir -p "$DATA/redis"
  mark_log redis
  log redis "starting on 127.0.0.1:$REDIS_PORT (AOF, appendfsync everysec, dir $DATA/redis)"
  # Persistence by append-only file so a restart mid-queue loses at most ~1 s of writes.
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 \
    --save "" --appendonly yes --appendfsync everysec --dir "$DATA/redis" \
    --daemonize yes --pidfile "$(pidf redis)" --logfile "$lf" \
    || { tail_log "$lf"; die redis "redis-server failed to start (log: $lf)"; }
  wait_until redis "$TIMEOUT_redis" "$lf" "PONG on 127.0.0.1:$REDIS_PORT" health_redis \
    || die redis "not healthy (log: $lf)"
}

# SHUTDOWN flushes the append-only file.
redis_shutdown() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true; }
stop_redis() { stop_by_pidfile redis 15 "" redis_shutdown; }

# ================================================================ mail

health_mail() {
  port_open 127.0.0.1 "$SMTP_PORT" \
    && curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$MAIL_HTTP_PORT/health"
}

start_mail() {
  local lf pid; lf="$(logf mail)"
  [ -x "$NODE" ] || die mail "Node 24 missing ($NODE): run bash deploy/local/install.sh"
  if pid="$(read_pid "$(pidf mail)")"; then
    WATCH_PID="$pid" wait_until mail "$TIMEOUT_mail" "$lf" "SMTP $SMTP_PORT and HTTP $MAIL_HTTP_PORT" health_mail \
      || die mail "running (pid $pid) but not healthy (log: $lf)"
    log mail "already running (pid $pid): SMTP 127.0.0.1:$SMTP_PORT, http://127.0.0.1:$MAIL_HTTP_PORT/"
    return
  fi
  (cd "$HERE/mail-catcher" && "$NODE" --input-type=module -e 'await import("smtp-server"); await import("mailparser");') >/dev/null 2>&1 \
    || die mail "npm packages smtp-server/mailparser not found from $HERE/mail-catcher: run bash deploy/local/install.sh (npm ci)"
  check_ports_free mail
  mkdir -p "$DATA/mail"
  mark_log mail
  log mail "starting: SMTP 127.0.0.1:$SMTP_PORT, HTTP http://127.0.0.1:$MAIL_HTTP_PORT/"
  SMTP_PORT="$SMTP_PORT" MAIL_HTTP_PORT="$MAIL_HTTP_PORT" MAIL_DATA_DIR="$DATA/mail" \
    nohup "$NODE" "$HERE/mail-catcher/server.mts" </dev/null >>"$lf" 2>&1 &
  pid=$!
  echo "$pid" >"$(pidf mail)"
  WATCH_PID="$pid" wait_until mail "$TIMEOUT_mail" "$lf" "SMTP $SMTP_PORT and HTTP $MAIL_HTTP_PORT" health_mail \
    || die mail "did not become healthy (log: $lf)"
}

stop_mail() { stop_by_pidfile mail 10; }

# ================================================================ sms

health_sms() { curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$SMS_GATEWAY_PORT/health"; }

start_sms() {
  local lf pid; lf="$(logf sms)"
  [ -x "$NODE" ] || die sms "Node 24 missing ($NODE): run bash deploy/local/install.sh"
  if pid="$(read_pid "$(pidf sms)")"; then
    WATCH_PID="$pid" wait_until sms "$TIMEOUT_sms" "$lf" "HTTP $SMS_GATEWAY_PORT" health_sms \
      || die sms "running (pid $pid) but not healthy (log: $lf)"
    log sms "already running (pid $pid): http://127.0.0.1:$SMS_GATEWAY_PORT/"
    return
  fi
  check_ports_free sms
  mkdir -p "$DATA/sms"
  mark_log sms
  log sms "starting: 46elks-style API on http://127.0.0.1:$SMS_GATEWAY_PORT/a1/sms"
  SMS_GATEWAY_PORT="$SMS_GATEWAY_PORT" SMS_DATA_DIR="$DATA/sms" \
    nohup "$NODE" "$HERE/sms-gateway/server.mts" </dev/null >>"$lf" 2>&1 &
  pid=$!
  echo "$pid" >"$(pidf sms)"
  WATCH_PID="$pid" wait_until sms "$TIMEOUT_sms" "$lf" "HTTP $SMS_GATEWAY_PORT" health_sms \
    || die sms "did not become healthy (log: $lf)"
}

stop_sms() { stop_by_pidfile sms 10; }

# ================================================================ idp

# The development OpenID Connect provider (deploy/local/dev-idp.mts): ready when an issuer's discovery document answers.
health_idp() { curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$DEV_IDP_PORT/ale/.well-known/openid-configuration"; }

start_idp() {
  local lf pid; lf="$(logf idp)"
  [ -x "$NODE" ] || die idp "Node 24 missing ($NODE): run bash deploy/local/install.sh"
  if pid="$(read_pid "$(pidf idp)")"; then
    WATCH_PID="$pid" wait_until idp "$TIMEOUT_idp" "$lf" "discovery on $DEV_IDP_URL/ale" health_idp \
      || die idp "running (pid $pid) but not healthy (log: $lf)"
    log idp "already running (pid $pid): $DEV_IDP_URL/"
    return
  fi
  (cd "$ROOT" && "$NODE" --input-type=module -e 'await import("oidc-provider");') >/dev/null 2>&1 \
    || die idp "npm package oidc-provider not found from $ROOT: run bash deploy/local/install.sh (npm ci)"
  check_ports_free idp
  mkdir -p "$LOCAL_DIR/dev-idp"
  mark_log idp
  log idp "starting: issuers $DEV_IDP_URL/{ale,lilla-edet,trollhattan,polisen}, people and login page at $DEV_IDP_URL/"
  # Keys in $LOCAL_DIR/dev-idp/keys.json; ports, URLs and client secrets from env.sh.
  DEV_IDP_DATA_DIR="$LOCAL_DIR/dev-idp" nohup "$NODE" "$HERE/dev-idp.mts" </dev/null >>"$lf" 2>&1 &
  pid=$!
  echo "$pid" >"$(pidf idp)"
  WATCH_PID="$pid" wait_until idp "$TIMEOUT_idp" "$lf" "discovery on $DEV_IDP_URL/ale" health_idp \
    || die idp "did not become healthy (log: $lf)"
}

stop_idp() { stop_by_pidfile idp 10; }

# ================================================================ status

status_one() {
  local c="$1" pid state
  if [ "$c" = postgres ]; then
    pg_running && pid="$(pid_postgres)" || pid=""
  else
    pid="$(read_pid "$(pidf "$c")" || true)"
  fi
  if [ -z "$pid" ]; then
    state="stopped"
  elif "health_$c" >/dev/null 2>&1; then
    state="healthy"
  else
    state="UNHEALTHY"
  fi
  printf '%-9s %-10s pid %-8s ports %-12s log %s\n' "$c" "$state" "${pid:--}" "$(ports_of "$c" | tr ' ' ,)" "$(logf "$c")"
  [ "$state" = healthy ]
}

# ================================================================ main

usage() {
  echo "usage: $0 start|stop|status|restart [${ALL[*]}]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
cmd="$1"; shift
if [ $# -eq 0 ]; then
  comps=("${ALL[@]}")
else
  # Keep the dependency order whatever order the arguments came in.
  comps=()
  for c in "${ALL[@]}"; do
    for a in "$@"; do [ "$a" = "$c" ] && comps+=("$c"); done
  done
  for a in "$@"; do
    case " ${ALL[*]} " in *" $a "*) ;; *) echo "unknown component: $a" >&2; usage ;; esac
  done
fi
reverse=()
for ((i = ${#comps[@]} - 1; i >= 0; i--)); do reverse+=("${comps[i]}"); done

do_start() {
  local t0 t c; t0=$(now_ms)
  for c in "${comps[@]}"; do
    t=$(now_ms)
    "start_$c"
    log "$c" "healthy ($(elapsed "$t"))"
  done
  log infra "started ${comps[*]} in $(elapsed "$t0")"
}
do_stop() {
  local t0 c; t0=$(now_ms)
  for c in "${reverse[@]}"; do "stop_$c"; done
  log infra "stopped ${reverse[*]} in $(elapsed "$t0")"
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  status)
    rc=0
    for c in "${comps[@]}"; do status_one "$c" || rc=1; done
    exit "$rc"
    ;;
  *) usage ;;
esac
