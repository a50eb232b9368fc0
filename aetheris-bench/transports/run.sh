#!/usr/bin/env bash
# 100 bots over each transport (WebTransport, native QUIC, WebSocket) against the same world: a fresh
# dev server per transport pinned to CPU 0, the bots pinned to CPU 1. Prints, per transport, the
# server's CPU per possessed client (process CPU time over the window after the ramp) and the bots'
# RTT percentiles (Ping → Pong), with the load average next to each figure.
#   aetheris-bench/transports/run.sh [clients] [seconds]     (needs the built distribution)
set -euo pipefail
root="$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)"
clients="${1:-100}"
seconds="${2:-40}"
ramp=5
# The window skips the ramp plus 5 s of settling and stops 5 s before the bots do.
if [ "$seconds" -lt 20 ]; then
  echo "run.sh: a run needs at least 20 s (ramp 5 s, settling 5 s, a window, 5 s to spare); got $seconds" >&2
  exit 2
fi
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
cp="$root/aetheris-cli/target/aetheris-cli.jar:$root/aetheris-cli/target/lib/*"
out="$root/aetheris-bench/target/transports"
mkdir -p "$out"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

for t in wt quic ws; do
  data="$(mktemp -d)"
  taskset -c 0 "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.aetheris.cli.AetherisCommand serve --dev \
    --bind 127.0.0.1 --http-port 0 --quic-port 0 --data-dir "$data" --seed 7 >"$out/server-$t.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "cert sha256" "$out/server-$t.log" && break; sleep 0.2; done
  http=$(sed -n 's/.*playground *http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$out/server-$t.log" | head -1)
  quic=$(sed -n 's/.*quic *udp [^:]*:\([0-9]*\).*/\1/p' "$out/server-$t.log" | head -1)
  taskset -c 1 "$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.aetheris.cli.AetherisCommand bots \
    --transport "$t" --clients "$clients" --duration "${seconds}s" --ramp "${ramp}s" --mirror-sample 10 \
    --http-port "$http" --quic-port "$quic" --json "$out/bots-$t.json" >"$out/bots-$t.log" 2>&1 &
  bots=$!
  sleep $((ramp + 5))
  c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  sleep $((seconds - ramp - 10))
  c1=$(cpu_ticks "$pid"); t1=$(date +%s.%N)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  wait "$bots" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  awk -v t="$t" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v n="$clients" -v load="$load" \
    -v json="$(cat "$out/bots-$t.json")" 'BEGIN {
      cpu = (c1 - c0) / hz / (t1 - t0);
      match(json, /"rtt_ms":\{[^}]*\}/); rtt = substr(json, RSTART, RLENGTH);
      match(json, /"possessed":[0-9]+/); pos = substr(json, RSTART, RLENGTH);
      split(pos, kv, ":"); if (kv[2] > 0) n = kv[2];  # CPU per client that actually played
      match(json, /"disconnects":[0-9]+/); dis = substr(json, RSTART, RLENGTH);
      printf "%-4s server CPU %.1f%% of a core = %.3f ms/s per client  %s  %s  %s  load %s\n",
        t, 100 * cpu, 1000 * cpu / n, rtt, pos, dis, load }'
done
