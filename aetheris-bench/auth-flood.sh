#!/usr/bin/env bash
# The forged-Auth flood of issue 17, measured: a dev server pinned to CPU 0, the flood (four
# connections of forged ES256 Auths, reconnecting when closed, and one pinging player) pinned to
# CPU 1. Prints the run's JSON (tick rate, player RTT, what the server counted) and `uptime`.
#
#   aetheris-bench/auth-flood.sh [SECONDS] [FLOODERS]      # default 30 s, 4 flooders
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS="${1:-30}"
FLOODERS="${2:-4}"
AETHERIS="$ROOT/bin/aetheris"
"$AETHERIS" --help >/dev/null  # builds the distribution (and the benchmarks jar) when stale
JAR="$ROOT/aetheris-bench/target/benchmarks.jar"
[ -f "$JAR" ] || { echo "auth-flood: missing $JAR" >&2; exit 1; }
PIN0=(); PIN1=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then PIN0=(taskset -c 0); PIN1=(taskset -c 1); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATA="$(mktemp -d "${TMPDIR:-/tmp}/aetheris-flood.XXXXXX")"
"${PIN0[@]}" "$AETHERIS" serve --dev --bind 127.0.0.1 --http-port "$PORT" --quic-port 0 --data-dir "$DATA" \
  >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$DATA/server.log" >&2; exit 1; }
  sleep 0.2
done
JAVA="java"; [ -n "${JAVA_HOME:-}" ] && JAVA="$JAVA_HOME/bin/java"
"${PIN1[@]}" "$JAVA" -cp "$JAR" dev.aetheris.bench.auth.AuthFloodRun "$PORT" "$SECS" "$FLOODERS"
uptime
