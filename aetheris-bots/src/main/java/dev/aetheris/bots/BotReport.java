package dev.aetheris.bots;

import java.util.Locale;

/**
 * What a load run measured. {@link #toJson()} is the report format the benchmark driver reads.
 *
 * @param clients                    bots started
 * @param connected                  bots whose connection opened
 * @param authenticated              bots the server accepted (they received state)
 * @param possessed                  bots that received their ship
 * @param timeToPossessMs            StartSession → Possession
 * @param rttMs                      Ping → Pong
 * @param inboundBytesPerClientPerS  payload bytes received per bot per second of its connection
 * @param entityUpdatesPerS          component updates received per second, all bots together
 * @param decodeErrors               messages the bots could not decode
 * @param disconnects                bots whose connection closed before the end
 * @param serverTickMs               the server's tick duration over this run: its /metrics histogram at the end less at the start
 * @param inputRatePerClient         input packets per bot per second
 * @param mirrorEntitiesMin          fewest entities any possessed, mirroring bot held at the end
 * @param mirrorEntitiesMax          most entities any possessed, mirroring bot held at the end
 * @param expectedEntities           what every mirror must hold (scenario S1: 200 NPCs + one ship per
 *                                   bot), or −1 when the scenario sets no expectation
 * @param botsCpuCores               CPUs the bots process used on average over the run (NaN if unknown)
 * @param botsCpus                   CPUs the bots process may run on (its affinity mask)
 * @param pingerRttMs                Ping → Pong of the extra pinging client (NaN without one)
 * @param botsCpuWaitCores           the bots' threads' time runnable but waiting for a CPU, per
 *                                   second of the run (NaN if unknown)
 * @param inboundPerBot              payload bytes per second each bot received: p50, p99 and max
 *                                   over the bots (the server's per-client budget bounds the max)
 * @param serverTickCpuMs            the CPU time of the server's room-loop thread per tick over this
 *                                   run (wall time above it is time its tick waited for a core)
 */
public record BotReport(int clients, int connected, int authenticated, int possessed, Stats timeToPossessMs,
                        Stats rttMs, double inboundBytesPerClientPerS, double entityUpdatesPerS, long decodeErrors,
                        int disconnects, Stats serverTickMs, double inputRatePerClient, int mirrorEntitiesMin,
                        int mirrorEntitiesMax, int expectedEntities, double botsCpuCores, int botsCpus,
                        Stats pingerRttMs, double botsCpuWaitCores, Stats inboundPerBot, Stats serverTickCpuMs) {

    /** Fewest possessed bots, as a share of those started, for a run to count as a success. */
    public static final double MIN_POSSESSED = 0.90;

    /**
     * Whether the bots process used at least 90 % of the CPUs it may run on: then the figures
     * measure the load generator as much as the server.
     */
    public boolean loadGeneratorSaturated() {
        return Double.isFinite(botsCpuCores) && botsCpuCores >= ProcessCpu.SATURATED * botsCpus;
    }

    /**
     * Whether the bots' threads waited for a CPU longer than they ran: other work on the same CPUs
     * starved the load generator, so its round trips include that wait.
     */
    public boolean loadGeneratorStarved() {
        return Double.isFinite(botsCpuWaitCores) && Double.isFinite(botsCpuCores) && botsCpuWaitCores > botsCpuCores;
    }

    /** Why the run failed (every client disconnected, or under 90 % possessed), or {@code null} if it did not. */
    public String failure() {
        if (connected == 0 || disconnects >= connected) {
            return "every client disconnected (" + connected + " of " + clients + " connected)";
        }
        if (possessed < MIN_POSSESSED * clients) {
            return "only " + possessed + " of " + clients + " bots possessed a ship (needs 90 %)";
        }
        return null;
    }

    /** Whether every possessed bot's mirror holds exactly the expected entities (true without an expectation). */
    public boolean entityCheckOk() {
        return expectedEntities < 0 || (possessed > 0 && mirrorEntitiesMin == expectedEntities
                && mirrorEntitiesMax == expectedEntities);
    }

    /**
     * p50 / p99 / max of a set of samples (NaN when there were none).
     *
     * @param p50 median @param p99 99th percentile @param max largest
     */
    public record Stats(double p50, double p99, double max) {
        /** Nearest-rank percentiles of {@code samples} (sorted in place). */
        public static Stats of(double[] samples) {
            if (samples.length == 0) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN);
            }
            java.util.Arrays.sort(samples);
            return new Stats(rank(samples, 0.50), rank(samples, 0.99), samples[samples.length - 1]);
        }

        private static double rank(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        String json() {
            return "{\"p50\":" + num(p50) + ",\"p99\":" + num(p99) + ",\"max\":" + num(max) + "}";
        }
    }

    /** The JSON report. */
    public String toJson() {
        return "{\"clients\":" + clients + ",\"connected\":" + connected + ",\"authenticated\":" + authenticated
                + ",\"possessed\":" + possessed + ",\"time_to_possess_ms\":" + timeToPossessMs.json()
                + ",\"rtt_ms\":" + rttMs.json() + ",\"inbound_bytes_per_client_per_s\":" + num(inboundBytesPerClientPerS)
                + ",\"inbound_bytes_per_s_per_bot\":" + inboundPerBot.json()
                + ",\"entity_updates_per_s\":" + num(entityUpdatesPerS) + ",\"decode_errors\":" + decodeErrors
                + ",\"disconnects\":" + disconnects + ",\"server_tick_ms\":" + serverTickMs.json()
                + ",\"server_tick_cpu_ms\":" + serverTickCpuMs.json()
                + ",\"input_rate_per_client\":" + num(inputRatePerClient)
                + ",\"mirror_entities\":{\"min\":" + mirrorEntitiesMin + ",\"max\":" + mirrorEntitiesMax + "}"
                + (expectedEntities < 0 ? "" : ",\"expected_entities\":" + expectedEntities)
                + ",\"entity_check_ok\":" + entityCheckOk()
                + ",\"bots_cpu\":{\"cores_used\":" + num(botsCpuCores) + ",\"cores_allowed\":" + botsCpus
                + ",\"saturated\":" + loadGeneratorSaturated() + ",\"waiting_for_cpu\":" + num(botsCpuWaitCores)
                + ",\"starved\":" + loadGeneratorStarved() + "}"
                + ",\"pinger_rtt_ms\":" + pingerRttMs.json()
                + ",\"failure\":" + (failure() == null ? "null" : "\"" + failure() + "\"") + "}";
    }

    /** A short table for people. */
    public String table() {
        return String.format(Locale.ROOT, """
                clients      %d started, %d connected, %d authenticated, %d possessed, %d disconnected
                possess ms   p50 %s  p99 %s  max %s
                rtt ms       p50 %s  p99 %s  max %s
                inbound      %s bytes/s per client (per bot p50 %s  p99 %s  max %s), %s entity updates/s in total
                inputs       %s per client per second
                mirror       %d..%d entities per client
                decode errors %d
                server tick  p50 %s ms  p99 %s ms  max %s ms (its CPU: p50 %s ms  p99 %s ms)
                pinger rtt   p50 %s  p99 %s  max %s
                bots cpu     %s of %d cores, %s waiting for a CPU%s%s
                """, clients, connected, authenticated, possessed, disconnects,
                num(timeToPossessMs.p50), num(timeToPossessMs.p99), num(timeToPossessMs.max),
                num(rttMs.p50), num(rttMs.p99), num(rttMs.max),
                num(inboundBytesPerClientPerS), num(inboundPerBot.p50), num(inboundPerBot.p99), num(inboundPerBot.max),
                num(entityUpdatesPerS), num(inputRatePerClient),
                mirrorEntitiesMin, mirrorEntitiesMax, decodeErrors,
                num(serverTickMs.p50), num(serverTickMs.p99), num(serverTickMs.max),
                num(serverTickCpuMs.p50), num(serverTickCpuMs.p99),
                num(pingerRttMs.p50), num(pingerRttMs.p99), num(pingerRttMs.max), num(botsCpuCores), botsCpus,
                num(botsCpuWaitCores), loadGeneratorStarved() ? "  WARNING: other work starved the load generator;"
                        + " its round trips include that wait" : "",
                loadGeneratorSaturated() ? "  WARNING: the load generator is saturated; figures measure it, not only"
                        + " the server" : "");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "null";
    }
}
