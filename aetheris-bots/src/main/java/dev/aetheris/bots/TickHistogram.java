package dev.aetheris.bots;

import dev.aetheris.protocol.util.Buckets;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's {@code aetheris_tick_duration_seconds} histogram as read from {@code /metrics}:
 * upper bounds in seconds and the count in each bucket (the last one past the highest bound). The
 * server's histogram counts every tick since it started, so a run's own ticks are the difference
 * of a reading at its end and one at its start ({@link #since}); otherwise a warm-up, or an
 * earlier run against the same server, would be counted as this run's.
 *
 * @param bounds upper bounds, seconds, ascending
 * @param counts ticks per bucket; {@code counts.length == bounds.length + 1}
 */
record TickHistogram(double[] bounds, long[] counts) {
    private static final String PREFIX = "aetheris_tick_duration_seconds_bucket{le=\"";

    /** Parses the Prometheus text format; null if it holds no tick histogram. */
    static TickHistogram parse(String metrics) {
        List<Double> bounds = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long inf = 0;
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            int q = line.indexOf('"', PREFIX.length());
            String le = line.substring(PREFIX.length(), q);
            long v = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (le.equals("+Inf")) {
                inf = v;
            } else {
                bounds.add(Double.parseDouble(le));
                cumulative.add(v);
            }
        }
        if (bounds.isEmpty()) {
            return null;
        }
        double[] b = new double[bounds.size()];
        long[] counts = new long[b.length + 1];
        long prev = 0;
        for (int i = 0; i < b.length; i++) {
            b[i] = bounds.get(i);
            counts[i] = cumulative.get(i) - prev;
            prev = cumulative.get(i);
        }
        counts[b.length] = inf - prev;
        return new TickHistogram(b, counts);
    }

    /** The ticks counted after {@code earlier} (null = since the server started). */
    TickHistogram since(TickHistogram earlier) {
        if (earlier == null) {
            return this;
        }
        if (!java.util.Arrays.equals(earlier.bounds, bounds)) {
            throw new IllegalArgumentException("the two readings have different buckets");
        }
        long[] d = new long[counts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new TickHistogram(bounds, d);
    }

    /** p50 and p99 in milliseconds (interpolated in their bucket), and the highest non-empty bucket's bound as the max. */
    BotReport.Stats millis() {
        double max = Double.NaN;
        for (int i = 0; i < bounds.length; i++) {
            if (counts[i] > 0) {
                max = bounds[i] * 1000;
            }
        }
        if (counts[bounds.length] > 0) {
            max = Double.POSITIVE_INFINITY;
        }
        return new BotReport.Stats(1000 * Buckets.quantile(bounds, counts, 0.5),
                1000 * Buckets.quantile(bounds, counts, 0.99), max);
    }
}
