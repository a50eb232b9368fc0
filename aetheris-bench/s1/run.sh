#!/usr/bin/env bash
# Benchmark S1, Aetheris against Colyseus 0.18, on one machine in one run.
#
#   aetheris-bench/s1/run.sh                 # every system, S1-60 and S1-20, N up to saturation
#   aetheris-bench/s1/run.sh --smoke         # N = 5, 5 s windows: checks the tooling, not speed
#
# For each system, variant and N (ascending, stopping at the first N a system does not sustain)
# it starts the server pinned to CPU 0 and the load generator pinned to CPU 1, waits for every
# join, warms up, measures, stops both by PID and writes results/<timestamp>/run-*.json; at the
# end it writes SUMMARY.md next to them. `--help` lists the options.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

SYSTEMS="aetheris-ws,aetheris-quic,colyseus"
VARIANTS="60,20"
N_LIST="25,50,100,200,300,400,600,900,1200,1600,2000,2500,3000"
# 30 s: on one core the JVM's C2 compiler still takes a large share of it 20 s into a run under
# load, and Node's JIT settles too; a shorter warm-up measures the compilers, not the servers.
WARMUP=30
MEASURE=30
OUT=""
JOIN_RATE=100
DECODE_SAMPLE=16
AETHERIS="$ROOT/bin/aetheris"

COMMAND_LINE="aetheris-bench/s1/run.sh${*:+ $*}"
SERVER_CPU=0
RETRIES=1
LOADGEN_CPU=1

usage() {
  cat <<EOF
usage: $0 [options]
  --systems LIST     comma list of aetheris-ws, aetheris-quic (codec v2), aetheris-ws-v1 (MessagePack
                     records), colyseus (default $SYSTEMS)
  --variants LIST    state rates: 60 (S1-60) and/or 20 (S1-20) (default $VARIANTS)
  --n LIST           client counts, ascending (default $N_LIST); a series stops at the first
                     N that is not sustained
  --warmup S         warm-up seconds after all joins (default $WARMUP)
  --measure S        measurement window in seconds (default $MEASURE)
  --join-rate R      joins per second of the load generator (default $JOIN_RATE)
  --decode-sample K  clients that decode every patch to the end (Colyseus load generator; Aetheris
                     bots --mirror-sample); the others only count bytes (default $DECODE_SAMPLE)
  --out DIR          results directory (default aetheris-bench/s1/results/<UTC timestamp>)
  --aetheris PATH    the aetheris launcher (default bin/aetheris of this checkout)
  --retries K        re-run an N that was not sustained up to K times (default $RETRIES); the
                     machine may be shared, and a stall elsewhere should not end a series
  --smoke            N = 5, warm-up 1 s, measure 5 s
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --systems) SYSTEMS="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    --n) N_LIST="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --measure) MEASURE="$2"; shift 2 ;;
    --join-rate) JOIN_RATE="$2"; shift 2 ;;
    --decode-sample) DECODE_SAMPLE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --aetheris) AETHERIS="$2"; shift 2 ;;
    --retries) RETRIES="$2"; shift 2 ;;
    --smoke) N_LIST="5"; WARMUP=1; MEASURE=5; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "s1: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "s1: $*" >&2; exit 1; }
log() { echo "s1: $*" >&2; }

for tool in node npm curl; do
  command -v "$tool" >/dev/null 2>&1 || die "needs $tool on PATH (Node.js 20 or newer with npm, and curl)"
done
PIN=1
if ! command -v taskset >/dev/null 2>&1; then
  log "taskset not found: processes are not pinned (figures are less comparable)"; PIN=0
elif [ "$(nproc)" -lt 2 ]; then
  log "fewer than 2 CPUs: server and load generator share CPU 0"; LOADGEN_CPU=0
fi
# shellcheck source=../lib/processes.sh
. "$HERE/../lib/processes.sh"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
[ -n "$OUT" ] || OUT="$HERE/results/$STAMP"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aetheris-s1.XXXXXX")"
CLK_TCK="$(getconf CLK_TCK)"

# Every process this script starts is tracked by PID and stopped on exit, whatever the exit.
cleanup() {
  stop_pids
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Colyseus dependencies, exactly as locked -----------------------------------------------
ensure_node_modules() {
  local stamp="$HERE/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$HERE/package-lock.json" -nt "$stamp" ]; then
    log "installing the Colyseus side (npm ci)"
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $HERE"
  fi
}

# --- measurement helpers --------------------------------------------------------------------
# proc_ticks PID AWK_EXPR: fields of /proc/PID/stat after the command name ($12 user, $13 system ticks).
proc_ticks() { local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }; s="${s##*) }"; echo "$s" | awk "{print $2}"; }
cpu_ticks() { proc_ticks "$1" '$12 + $13'; }
# Kernel (system) time alone: on loopback the server's core also runs the TCP receive path of the
# bytes it sends, so this part is paid per message whatever the server does in user space.
sys_ticks() { proc_ticks "$1" '$13'; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || true; }
now_s() { date +%s.%N; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
alive() { kill -0 "$1" 2>/dev/null; }
json_str() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$1"; }

# Writes the driver's facts for one run and turns them into run-*.json with tools/record.mjs.
record() {
  local file="$1" status="$2" reason="$3" server_stats="$4" loadgen="$5"
  cat >"$WORK/facts.json" <<EOF
{"system":"$SYS","transport":"$TRANSPORT","variant":"S1-$RATE","state_rate":$RATE,"n":$N,
 "status":"$status","reason":$(json_str "$reason"),"started_at":"$RUN_STARTED",
 "warmup_s":$WARMUP,"measure_s":$MEASURE,"pinned":$([ "$PIN" = 1 ] && echo true || echo false),
 "wall_s":${WALL:-null},"server_cpu_s":${SERVER_CPU_S:-null},"server_sys_s":${SERVER_SYS_S:-null},"loadgen_cpu_s":${LOADGEN_CPU_S:-null},
 "server_rss_kb":${RSS_KB:-null},"server_hwm_kb":${HWM_KB:-null},
 "other_cpu_cores":${OTHER_CPU:-null},"cpu_pressure_some":${PRESSURE:-null}}
EOF
  node "$HERE/tools/record.mjs" --facts "$WORK/facts.json" --server-stats "$server_stats" \
    --loadgen "$loadgen" --out "$file" >"$WORK/verdict"
}

# Samples both processes at the start (A) and end (B) of the window.
# Busy jiffies of the whole machine and CPU pressure stall time (µs), to tell a quiet window
# from one shared with other work.
machine_busy() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
cpu_pressure_us() { awk '$1 == "some" {sub("total=", "", $5); print $5; exit}' /proc/pressure/cpu 2>/dev/null || echo 0; }
sample() {
  local which="$1"
  eval "M_$which=$(machine_busy)"
  eval "P_$which=$(cpu_pressure_us)"
  eval "T_$which=$(now_s)"
  eval "S_$which=$(cpu_ticks "$SPID")"
  eval "K_$which=$(sys_ticks "$SPID")"
  eval "L_$which=$(cpu_ticks "$LPID")"
}
window_figures() {
  WALL="$(awk -v a="$T_A" -v b="$T_B" 'BEGIN{printf "%.4f", b - a}')"
  SERVER_CPU_S="$(awk -v a="$S_A" -v b="$S_B" -v t="$CLK_TCK" 'BEGIN{printf "%.4f", (b - a) / t}')"
  SERVER_SYS_S="$(awk -v a="$K_A" -v b="$K_B" -v t="$CLK_TCK" 'BEGIN{printf "%.4f", (b - a) / t}')"
  LOADGEN_CPU_S="$(awk -v a="$L_A" -v b="$L_B" -v t="$CLK_TCK" 'BEGIN{printf "%.4f", (b - a) / t}')"
  # CPU used by everything else on the machine, in cores.
  OTHER_CPU="$(awk -v a="$M_A" -v b="$M_B" -v s="$SERVER_CPU_S" -v l="$LOADGEN_CPU_S" -v t="$CLK_TCK" -v w="$WALL" \
    'BEGIN{printf "%.3f", ((b - a) / t - s - l) / w}')"
  PRESSURE="$(awk -v a="${P_A:-0}" -v b="${P_B:-0}" -v w="$WALL" 'BEGIN{printf "%.3f", (b - a) / 1e6 / w}')"
  RSS_KB="$(status_kb "$SPID" VmRSS)"; RSS_KB="${RSS_KB:-null}"
  HWM_KB="$(status_kb "$SPID" VmHWM)"; HWM_KB="${HWM_KB:-null}"
}
wait_until() { # wait_until TIMEOUT_S PID COMMAND...: polls COMMAND every 0.2 s while PID lives
  local deadline=$(( $(date +%s) + $1 )) pid="$2"; shift 2
  while [ "$(date +%s)" -lt "$deadline" ]; do
    "$@" && return 0
    alive "$pid" || return 1
    sleep 0.2
  done
  return 1
}

# --- one Colyseus run -------------------------------------------------------------------------
run_colyseus() {
  local file="$1" port dir="$WORK/run"
  rm -rf "$dir"; mkdir -p "$dir"
  port="$(free_port)"
  (cd "$HERE" && pinned "$SERVER_CPU" node colyseus/server.mjs --port "$port" --state-rate "$RATE") \
    >"$dir/server.log" 2>&1 &
  SPID=$!; PIDS+=("$SPID")
  if ! wait_until 30 "$SPID" curl -sf "http://127.0.0.1:$port/s1/stats" -o /dev/null; then
    record "$file" failed "server did not start: $(tail -n 3 "$dir/server.log" | tr '\n' ' ')" "" ""; stop_pid "$SPID"; return
  fi
  (cd "$HERE" && pinned "$LOADGEN_CPU" node colyseus/loadgen.mjs --endpoint "http://127.0.0.1:$port" \
    --clients "$N" --driven --ready-file "$dir/ready" --json "$dir/loadgen.json" \
    --join-rate "$JOIN_RATE" --decode-sample "$DECODE_SAMPLE") >"$dir/loadgen.out" 2>"$dir/loadgen.log" &
  LPID=$!; PIDS+=("$LPID")
  local join_timeout=$(( N / JOIN_RATE * 2 + 60 ))
  if ! wait_until "$join_timeout" "$LPID" test -s "$dir/ready"; then
    record "$file" failed "load generator never reported its joins: $(tail -n 3 "$dir/loadgen.log" | tr '\n' ' ')" "" ""
    stop_pid "$LPID"; stop_pid "$SPID"; return
  fi
  sleep "$WARMUP"
  curl -sf "http://127.0.0.1:$port/s1/stats?reset=1" -o /dev/null || true
  sample A; kill -USR1 "$LPID"
  sleep "$MEASURE"
  sample B; curl -sf "http://127.0.0.1:$port/s1/stats" -o "$dir/server.json" || true
  window_figures
  kill -USR2 "$LPID" 2>/dev/null || true
  wait_until 60 "$LPID" test -s "$dir/loadgen.json" || true
  stop_pid "$LPID"; stop_pid "$SPID"
  record "$file" ok "" "$dir/server.json" "$dir/loadgen.json"
}

# --- one Aetheris run -------------------------------------------------------------------------
AETHERIS_OK=""
aetheris_available() {
  if [ -z "$AETHERIS_OK" ]; then
    AETHERIS_OK=no
    if [ -x "$AETHERIS" ]; then
      log "checking $AETHERIS for the S1 commands (builds the distribution on first use)"
      local serve bots
      serve="$("$AETHERIS" serve --help 2>&1 || true)"
      bots="$("$AETHERIS" bots --help 2>&1 || true)"
      if grep -q -- '--world' <<<"$serve" && grep -q -- '--state-rate' <<<"$serve" && grep -q -- '--scenario' <<<"$bots"; then
        AETHERIS_OK=yes
      fi
    fi
  fi
  [ "$AETHERIS_OK" = yes ]
}
metric_at_least() { # metric_at_least PORT NAME VALUE
  local v
  curl -sf "http://127.0.0.1:$1/metrics" -o "$WORK/run/m.txt" || return 1
  v="$(node "$HERE/tools/prom.mjs" --gauge "$2" "$WORK/run/m.txt")"
  [ -n "$v" ] && awk -v v="$v" -v want="$3" 'BEGIN{exit !(v >= want)}'
}
run_aetheris() {
  local file="$1" hport qport dir="$WORK/run" duration
  rm -rf "$dir"; mkdir -p "$dir" "$dir/data"
  hport="$(free_port)"; qport="$(free_port)"
  # S1 sends every entity's every change to every client, as Colyseus does: the world marks its
  # entities global (no interest) and the budget is lifted far above S1's need (8 MiB/s).
  pinned "$SERVER_CPU" "$AETHERIS" serve --dev --world s1 --state-rate "$RATE" --http-port "$hport" \
    --quic-port "$qport" --data-dir "$dir/data" --client-budget 8388608 >"$dir/server.log" 2>&1 &
  SPID=$!; PIDS+=("$SPID")
  if ! wait_until 120 "$SPID" curl -sf "http://127.0.0.1:$hport/metrics" -o /dev/null; then
    record "$file" failed "server did not start: $(tail -n 3 "$dir/server.log" | tr '\n' ' ')" "" ""; stop_pid "$SPID"; return
  fi
  local join_allowance=$(( N / JOIN_RATE * 2 + 30 ))
  duration=$(( join_allowance + WARMUP + MEASURE + 5 ))
  pinned "$LOADGEN_CPU" "$AETHERIS" bots --server 127.0.0.1 --http-port "$hport" --quic-port "$qport" \
    --transport "$TRANSPORT" --clients "$N" --duration "${duration}s" --scenario s1 --json "$dir/bots.json" \
    --mirror-sample "$DECODE_SAMPLE" --codec "$CODEC" \
    >"$dir/bots.log" 2>&1 &
  LPID=$!; PIDS+=("$LPID")
  if ! wait_until "$join_allowance" "$LPID" metric_at_least "$hport" aetheris_connected_clients "$N"; then
    log "not every bot connected within ${join_allowance} s; measuring anyway"
  fi
  sleep "$WARMUP"
  curl -sf "http://127.0.0.1:$hport/metrics" -o "$dir/metrics-a.txt" || true
  sample A
  sleep "$MEASURE"
  sample B
  curl -sf "http://127.0.0.1:$hport/metrics" -o "$dir/metrics-b.txt" || true
  window_figures
  if [ -s "$dir/metrics-a.txt" ] && [ -s "$dir/metrics-b.txt" ]; then
    node "$HERE/tools/prom.mjs" "$dir/metrics-a.txt" "$dir/metrics-b.txt" "$WALL" >"$dir/server.json"
  fi
  wait_until $(( duration + 30 )) "$LPID" false || true
  stop_pid "$LPID"; stop_pid "$SPID"
  record "$file" ok "" "$dir/server.json" "$dir/bots.json"
}

# --- the sweep --------------------------------------------------------------------------------
case ",$SYSTEMS," in *,colyseus,*) ensure_node_modules ;; esac
log "results in $OUT"
IFS=',' read -r -a SYSTEM_LIST <<<"$SYSTEMS"
IFS=',' read -r -a VARIANT_LIST <<<"$VARIANTS"
IFS=',' read -r -a NS <<<"$N_LIST"
for SYS in "${SYSTEM_LIST[@]}"; do
  case "$SYS" in
    colyseus) TRANSPORT=ws; CODEC="" ;;
    aetheris-ws) TRANSPORT=ws; CODEC=v2 ;;
    aetheris-quic) TRANSPORT=quic; CODEC=v2 ;;
    aetheris-ws-v1) TRANSPORT=ws; CODEC=v1 ;;
    *) die "unknown system $SYS (aetheris-ws, aetheris-quic, aetheris-ws-v1, colyseus)" ;;
  esac
  for RATE in "${VARIANT_LIST[@]}"; do
    [ "$RATE" = 60 ] || [ "$RATE" = 20 ] || die "unknown variant $RATE (60 or 20)"
    for N in "${NS[@]}"; do
      RUN_STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
      file="$OUT/run-$SYS-S1-$RATE-n$(printf '%05d' "$N").json"
      try=0
      while :; do
        WALL=""; SERVER_CPU_S=""; LOADGEN_CPU_S=""; RSS_KB=""; HWM_KB=""; OTHER_CPU=""; PRESSURE=""
        if [ "$try" -eq 0 ]; then log "$SYS S1-$RATE N=$N"; else log "$SYS S1-$RATE N=$N (retry $try)"; fi
        # In this shell, not a subshell: the exit trap must see every PID a run starts.
        : >"$WORK/verdict"
        if [ "$SYS" = colyseus ]; then
          run_colyseus "$file"
        elif aetheris_available; then
          run_aetheris "$file"
        else
          record "$file" unavailable "bin/aetheris has no 'serve --world s1 --state-rate' or 'bots --scenario s1' yet" "" ""
        fi
        verdict="$(cat "$WORK/verdict")"
        log "  -> $verdict"
        case "$verdict" in "ok true"*|unavailable*) break ;; esac
        [ "$try" -lt "$RETRIES" ] || break
        try=$((try + 1))
        mv "$file" "${file%.json}.attempt$try.json"
      done
      case "$verdict" in "ok true"*) ;; *) break ;; esac
    done
  done
done

node "$HERE/tools/summarize.mjs" "$OUT" "$COMMAND_LINE" >/dev/null
log "summary: $OUT/SUMMARY.md"
