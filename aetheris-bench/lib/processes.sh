# Shared by the bench scripts (source it): processes started by PID and stopped by PID.
#   PIDS+=("$!")     after starting one in the background
#   stop_pids        stops all of them (TERM, then KILL after 5 s); call it from an EXIT trap
#   pinned CPU CMD…  execs CMD on CPU (when PIN=1), for ( … ) & subshells

PIDS=()
PIN="${PIN:-1}"

stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

stop_pids() {
  local pid
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
}

pinned() {
  local cpu="$1"; shift
  if [ "$PIN" = 1 ]; then exec taskset -c "$cpu" "$@"; else exec "$@"; fi
}
