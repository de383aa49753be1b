#!/usr/bin/env bash
# Wait until a TCP port accepts connections (for scripts and CI).
#   deploy/local/wait-for.sh HOST PORT [TIMEOUT_S=30] [LOGFILE]
# Exits 1 after the timeout and prints the last lines of LOGFILE when given.
# The same helpers (wait_port, wait_until, tail_log) are in lib.sh for sourcing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

[ $# -ge 2 ] || { echo "usage: $0 HOST PORT [TIMEOUT_S] [LOGFILE]" >&2; exit 2; }
start=$(now_ms)
wait_port "$1" "$2" "${3:-30}" "wait-for" "${4:-}"
log wait-for "$1:$2 is open after $(elapsed "$start")"
