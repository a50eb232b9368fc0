#!/usr/bin/env bash
# Transport load figures: `serve --dev` pinned to CPU 0, N bots pinned to CPU 1 for 30 s, plus one
# extra client pinging every 50 ms; reports the server's CPU per client over the steady window
# (10 s .. 28 s after start) next to the bots' report and the load average.
#
#   aetheris-bench/scripts/transport-load.sh quic 150 [OUT_DIR] [extra bots flags...]
#   aetheris-bench/scripts/transport-load.sh ws 200 OUT --stress-test 5000   # the replication figure
#
# SERVER_ARGS adds flags to `serve` (e.g. SERVER_ARGS="--world-size 4000 --client-budget 49152").
# Needs Linux (taskset, /proc), curl and a built distribution (bin/aetheris builds it).
# JFR=1 also records a JFR profile of the server (settings=profile) into OUT_DIR/server.jfr.
# SERVER_JAVA_OPTS adds JVM flags to the server (e.g. "-Xlog:gc:file=gc.log" or a collector).
# MIRROR_SAMPLE (default 16) bots decode and check every snapshot; the others ack and count bytes
# without decoding, so the load generator's core is not the limit (MIRROR_SAMPLE=all decodes in all).
# WARMUP=S (default 0) first runs the same bots for S seconds in the same bots process and throws
# their report away (`bots --warmup`), so the measured run meets a server and bots whose JIT has
# finished, as a deployed server has: on one core the C2 compiler takes about a third of it for
# the first ~30 s under load, on either side, which a cold run measures.
set -euo pipefail
TRANSPORT=${1:?transport: quic or ws}; CLIENTS=${2:?number of bots}; OUT=${3:-target/transport-load}; shift $(( $# < 3 ? $# : 3 ))
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HTTP_PORT=${HTTP_PORT:-18120}; QUIC_PORT=${QUIC_PORT:-18121}
"$ROOT/bin/aetheris" --version >/dev/null   # builds the distribution when it is stale
JAVA="$("$ROOT/bin/aetheris" java-home)/bin/java"
CP="$ROOT/aetheris-cli/target/aetheris-cli.jar:$ROOT/aetheris-cli/target/lib/*"
mkdir -p "$OUT"; rm -rf "$OUT/data"
SAMPLE_OPTS=(--mirror-sample "${MIRROR_SAMPLE:-16}")
[ "${MIRROR_SAMPLE:-}" = all ] && SAMPLE_OPTS=()
JFR_OPTS=()
[ -n "${JFR:-}" ] && JFR_OPTS=("-XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,delay=$(( ${WARMUP:-0} + 12 ))s,duration=25s")
taskset -c 0 "$JAVA" --enable-native-access=ALL-UNNAMED ${SERVER_JAVA_OPTS:-} "${JFR_OPTS[@]}" -cp "$CP" dev.aetheris.cli.AetherisCommand \
  serve --dev --http-port "$HTTP_PORT" --quic-port "$QUIC_PORT" --data-dir "$OUT/data" ${SERVER_ARGS:-} >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.5; done
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
(
  sleep $(( ${WARMUP:-0} + 10 )); c0=$(cpu); t0=$(date +%s.%N); sleep 18; c1=$(cpu); t1=$(date +%s.%N)
  echo "$c0 $c1 $t0 $t1 $(getconf CLK_TCK)" >"$OUT/server-cpu"; uptime >"$OUT/uptime"
) &
SAMPLER=$!
set +e
taskset -c 1 "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" dev.aetheris.cli.AetherisCommand \
  bots --http-port "$HTTP_PORT" --quic-port "$QUIC_PORT" --transport "$TRANSPORT" --clients "$CLIENTS" \
  --duration 30s --warmup "${WARMUP:-0}s" --pinger-every 50ms --json "$OUT/bots.json" "${SAMPLE_OPTS[@]}" "$@" 2>"$OUT/bots.txt"
BOTS_RC=$?
set -e
wait $SAMPLER
curl -s "localhost:$HTTP_PORT/metrics" >"$OUT/metrics.txt"
read -r c0 c1 t0 t1 hz <"$OUT/server-cpu"
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v n="$CLIENTS" -v w="${WARMUP:-0}" 'BEGIN {
  cores = (c1 - c0) / hz / (t1 - t0);
  printf "server cpu %.3f cores = %.2f ms per client per second (%d clients, warm-up %d s)\n", cores, cores * 1000 / n, n, w }' \
  | tee "$OUT/summary.txt"
echo "load: $(cat "$OUT/uptime")" | tee -a "$OUT/summary.txt"
tr '\r' '\n' <"$OUT/bots.txt" | grep -v '^ *[0-9.]*s  connected' | tee -a "$OUT/summary.txt"
grep -E '^aetheris_transport_(state_superseded|outbound_dropped_unreliable|outbound_messages)_total' "$OUT/metrics.txt" \
  | tee -a "$OUT/summary.txt"
exit $BOTS_RC
