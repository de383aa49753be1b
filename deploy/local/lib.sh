# Helpers shared by deploy/local/*.sh. Source after env.sh.
# shellcheck shell=bash

# log COMPONENT MESSAGE...   → "[component] message" on stderr, with a clock time.
log() {
  local c="$1"; shift
  printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$c" "$*" >&2
}

# die COMPONENT MESSAGE...
die() {
  local c="$1"; shift
  printf '%s [%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$c" "$*" >&2
  exit 1
}

# now_ms → milliseconds since the epoch
now_ms() { date +%s%3N; }

# elapsed START_MS → "12.3 s"
elapsed() {
  local ms=$(( $(now_ms) - $1 ))
  printf '%d.%d s' $((ms / 1000)) $(((ms % 1000) / 100))
}

# port_open HOST PORT → 0 when something accepts TCP connections there.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# tail_log FILE [LINES] → the last lines of a log file, indented, on stderr.
tail_log() {
  local f="$1" n="${2:-25}"
  if [ -s "$f" ]; then
    printf '  ---- last %s lines of %s ----\n' "$n" "$f" >&2
    tail -n "$n" "$f" | sed 's/^/  | /' >&2
    printf '  ----\n' >&2
  else
    printf '  (log file %s is empty or missing)\n' "$f" >&2
  fi
}

# pid_alive PID → 0 when the process exists and is not a zombie (an exited daemon waits for PID 1 to
# reap it, which can take a second or more in containers).
pid_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1 || true)"
  [ "$state" != "Z" ]
}

# read_pid FILE → prints the pid stored in FILE if that process is alive, else nothing (and returns 1).
read_pid() {
  local f="$1" pid
  [ -s "$f" ] || return 1
  pid="$(head -n1 "$f" | tr -dc '0-9')"
  if pid_alive "$pid"; then
    printf '%s' "$pid"
  else
    return 1
  fi
}

# wait_until COMPONENT TIMEOUT_S LOGFILE DESCRIPTION CMD... → polls CMD every 0.2 s until it succeeds.
# On timeout: error naming the component and showing the log's last lines. Optional WATCH_PID: fail
# fast when that process dies.
wait_until() {
  local c="$1" timeout="$2" logf="$3" what="$4"; shift 4
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while ! "$@" >/dev/null 2>&1; do
    if [ -n "${WATCH_PID:-}" ] && ! pid_alive "$WATCH_PID"; then
      log "$c" "ERROR: process $WATCH_PID exited while waiting for: $what"
      tail_log "$logf"
      return 1
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      log "$c" "ERROR: not healthy after ${timeout}s (waiting for: $what)"
      tail_log "$logf"
      return 1
    fi
    sleep 0.2
  done
}

# wait_port HOST PORT TIMEOUT_S [COMPONENT] [LOGFILE]
wait_port() {
  local host="$1" port="$2" timeout="$3" c="${4:-wait}" logf="${5:-}"
  wait_until "$c" "$timeout" "$logf" "TCP $host:$port accepting connections" port_open "$host" "$port"
}

# wait_port_closed HOST PORT TIMEOUT_S → 0 once nothing listens there any more.
wait_port_closed() {
  local host="$1" port="$2" timeout="$3"
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while port_open "$host" "$port"; do
    [ "$(now_ms)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# stop_pid COMPONENT PID TIMEOUT_S → SIGTERM, wait, SIGKILL after the timeout.
stop_pid() {
  local c="$1" pid="$2" timeout="${3:-20}"
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while pid_alive "$pid"; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      log "$c" "still running after ${timeout}s: sending SIGKILL to $pid"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.2
  done
}

# as_root CMD... → runs CMD as root (directly, or through sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die install "need root for: $* (no sudo available)"
  fi
}
