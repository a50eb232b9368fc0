package dev.aetheris.server.http;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.server.metrics.Histogram;
import dev.aetheris.server.metrics.TickMetrics;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * {@code GET /v1/stats}: per-second server figures for people (the playground's live charts):
 * tick duration p50/p99 over the last second, bytes sent per second, clients and entities, with
 * the last 60 seconds of history. {@link #sample()} must be called once a second (the server does
 * it on a timer); requests only read.
 */
public final class StatsHandler implements HttpHandler {
    private static final int HISTORY = 60;

    /** One second of figures. */
    private record Second(long epochSecond, double p50Ms, double p99Ms, double tickRate, long bytesPerSecond,
                          int clients, int entities) {
    }

    private final TickMetrics metrics;
    private final int configuredTickRate;
    private final ArrayDeque<Second> history = new ArrayDeque<>();
    private long[] lastCounts;
    private long lastBytes;
    private long lastSampleNanos;

    /** @param metrics the room loop's metrics @param configuredTickRate the target rate */
    public StatsHandler(TickMetrics metrics, int configuredTickRate) {
        this.metrics = metrics;
        this.configuredTickRate = configuredTickRate;
        this.lastCounts = metrics.tickDuration.snapshotCounts();
        this.lastBytes = metrics.bytesOutbound.get();
        this.lastSampleNanos = System.nanoTime();
    }

    /** Takes one sample: the figures since the previous sample. */
    public synchronized void sample() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastSampleNanos) / 1e9);
        long[] counts = metrics.tickDuration.snapshotCounts();
        long[] delta = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            delta[i] = counts[i] - lastCounts[i];
        }
        long bytes = metrics.bytesOutbound.get();
        double[] bounds = metrics.tickDuration.bounds();
        history.addLast(new Second(System.currentTimeMillis() / 1000, 1000 * quantile(bounds, delta, 0.5),
                1000 * quantile(bounds, delta, 0.99), metrics.actualTickRate.get(),
                Math.round((bytes - lastBytes) / seconds), (int) metrics.authenticatedClients.get(),
                (int) metrics.worldEntities.get()));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        lastCounts = counts;
        lastBytes = bytes;
        lastSampleNanos = now;
    }

    @Override
    public synchronized HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET")) {
            return HttpResponse.json(405, "{\"error\":\"method_not_allowed\",\"message\":\"use GET\"}");
        }
        Second last = history.peekLast();
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"tick_rate\":").append(configuredTickRate);
        if (last != null) {
            b.append(",\"actual_tick_rate\":").append(num(last.tickRate()))
                    .append(",\"tick_ms\":{\"p50\":").append(num(last.p50Ms())).append(",\"p99\":").append(num(last.p99Ms()))
                    .append("},\"clients\":").append(last.clients()).append(",\"entities\":").append(last.entities())
                    .append(",\"bytes_out_per_s\":").append(last.bytesPerSecond());
        }
        b.append(",\"history\":[");
        boolean first = true;
        for (Second s : history) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append("{\"t\":").append(s.epochSecond()).append(",\"p50\":").append(num(s.p50Ms()))
                    .append(",\"p99\":").append(num(s.p99Ms())).append(",\"bytes_out_per_s\":").append(s.bytesPerSecond())
                    .append('}');
        }
        b.append("]}");
        return HttpResponse.json(200, b.toString());
    }

    private static double quantile(double[] bounds, long[] counts, double q) {
        double v = Histogram.quantile(bounds, counts, q);
        return Double.isNaN(v) ? 0 : v;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "0";
    }
}
