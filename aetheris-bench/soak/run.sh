#!/usr/bin/env bash
# Soak: N bots against one server for T minutes; writes soak.json and soak.svg (RSS, GC pauses,
# tick p99, tick rate, overrunning ticks, bytes per minute, dropped messages over time).
#
#   aetheris-bench/soak/run.sh --clients 300 --minutes 30       # the real soak (a quiet machine)
#   aetheris-bench/soak/run.sh --clients 50 --minutes 3         # a short run that proves the tooling
#
# The server is pinned to CPU 0 and the bots to CPU 1 (when taskset exists and there are two
# CPUs); both are stopped by PID on exit. `--help` lists the options.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
AETHERIS="$ROOT/bin/aetheris"
CLIENTS=50
MINUTES=3
INTERVAL=10
TRANSPORT=ws
TICK_RATE=60
OUT=""
SERVER_CPU=0
BOTS_CPU=1

usage() {
  cat <<USAGE
usage: $0 [options]
  --clients N     bots (default $CLIENTS)
  --minutes T     length of the soak after the bots joined (default $MINUTES; decimals allowed)
  --interval S    seconds between samples (default $INTERVAL)
  --transport T   ws or quic (default $TRANSPORT)
  --out DIR       results directory (default aetheris-bench/soak/results/<UTC timestamp>)
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --interval) INTERVAL="$2"; shift 2 ;;
    --transport) TRANSPORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "soak: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "soak: $*" >&2; exit 1; }
log() { echo "soak: $*" >&2; }
command -v curl >/dev/null 2>&1 || die "needs curl on PATH"
PIN=1
if ! command -v taskset >/dev/null 2>&1; then
  log "taskset not found: processes are not pinned"; PIN=0
elif [ "$(nproc)" -lt 2 ]; then
  log "fewer than 2 CPUs: server and bots share CPU 0"; BOTS_CPU=0
fi
# shellcheck source=../lib/processes.sh
. "$HERE/../lib/processes.sh"

SECONDS_TOTAL=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')
[ "$SECONDS_TOTAL" -ge "$INTERVAL" ] || die "--minutes must cover at least one --interval"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
[ -n "$OUT" ] || OUT="$HERE/results/$STAMP"
mkdir -p "$OUT/scrapes"
OUT="$(cd "$OUT" && pwd)"
DATA="$(mktemp -d "${TMPDIR:-/tmp}/aetheris-soak.XXXXXX")"

cleanup() {
  stop_pids
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port)
QUIC_PORT=$(free_port)

"$AETHERIS" --help >/dev/null  # builds the distribution first if needed, outside the measurement
BENCH_JAR="$ROOT/aetheris-bench/target/benchmarks.jar"
[ -f "$BENCH_JAR" ] || die "missing $BENCH_JAR (bin/aetheris builds it; run it once)"

log "server on 127.0.0.1:$HTTP_PORT (CPU $SERVER_CPU), $CLIENTS bots over $TRANSPORT (CPU $BOTS_CPU), ${SECONDS_TOTAL}s"
STARTED_MS=$(date +%s%3N)
( export AETHERIS_JAVA_OPTS="-Xlog:gc:file=$OUT/gc.log:uptime ${AETHERIS_JAVA_OPTS:-}"
  pinned "$SERVER_CPU" "$AETHERIS" serve --dev --bind 127.0.0.1 --http-port "$HTTP_PORT" --quic-port "$QUIC_PORT" \
    --tick-rate "$TICK_RATE" --data-dir "$DATA" >"$OUT/server.log" 2>&1 ) &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "server exited; see $OUT/server.log"
  sleep 0.2
done
curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null || die "server not ready; see $OUT/server.log"
JAVA_PID="$SERVER_PID"  # the subshell execs taskset, which execs bin/aetheris, which execs java

RAMP=$(( CLIENTS / 50 + 2 ))
( pinned "$BOTS_CPU" "$AETHERIS" bots --server 127.0.0.1 --http-port "$HTTP_PORT" --quic-port "$QUIC_PORT" \
    --transport "$TRANSPORT" --clients "$CLIENTS" --ramp "${RAMP}s" --duration "$(( SECONDS_TOTAL + RAMP + 5 ))s" \
    --mirror-sample 4 --json "$OUT/bots.json" >"$OUT/bots.log" 2>&1 ) &
PIDS+=("$!")
sleep "$RAMP"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$JAVA_PID/status" 2>/dev/null || echo 0; }
echo "started $STARTED_MS" >"$OUT/samples.tsv"
i=0
END=$(( $(date +%s) + SECONDS_TOTAL ))
while :; do
  f="scrapes/$(printf '%05d' "$i").prom"
  curl -fs "http://127.0.0.1:$HTTP_PORT/metrics" >"$OUT/$f" || die "scrape failed; see $OUT/server.log"
  echo "$(date +%s%3N) $(rss_kb) $f" >>"$OUT/samples.tsv"
  i=$(( i + 1 ))
  [ "$(date +%s)" -lt "$END" ] || break
  sleep "$INTERVAL"
done
uptime >"$OUT/uptime.txt"
JAVA="$("$ROOT/bin/aetheris" java-home)/bin/java"   # the JDK >= 25 the launcher finds, not whatever is on PATH
"$JAVA" -cp "$BENCH_JAR" dev.aetheris.bench.soak.SoakReport "$OUT" "$CLIENTS" "$TICK_RATE"
log "wrote $OUT/soak.json and $OUT/soak.svg ($(cat "$OUT/uptime.txt"))"
