package dev.aetheris.bench.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Prometheus text scrape of the server, reduced to what a soak compares between samples:
 * counter and gauge values by name (label sets summed), and the cumulative buckets of the tick
 * duration histogram.
 *
 * @param values       sample value by metric name, summed over label sets
 * @param tickBounds   upper bounds (seconds) of the tick histogram's finite buckets, ascending
 * @param tickCumulative cumulative counts per bound, then the {@code +Inf} count last
 */
record Scrape(Map<String, Double> values, double[] tickBounds, long[] tickCumulative) {
    static final String TICK_BUCKET = "aetheris_tick_duration_seconds_bucket";

    /** Parses Prometheus text format; unknown or malformed lines are skipped. */
    static Scrape parse(String text) {
        Map<String, Double> values = new HashMap<>();
        List<double[]> buckets = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            int brace = line.indexOf('{');
            String name = brace < 0 || brace > space ? line.substring(0, space) : line.substring(0, brace);
            if (name.equals(TICK_BUCKET)) {
                int le = line.indexOf("le=\"");
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.add(new double[] {upper, v});
                continue;
            }
            values.merge(name, v, Double::sum);
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        int finite = buckets.isEmpty() ? 0 : buckets.size() - 1;
        double[] bounds = new double[finite];
        long[] cumulative = new long[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            if (i < finite) {
                bounds[i] = buckets.get(i)[0];
            }
            cumulative[i] = (long) buckets.get(i)[1];
        }
        return new Scrape(values, bounds, cumulative);
    }

    /** A counter or gauge, or 0 if the scrape has none of that name. */
    double value(String name) {
        return values.getOrDefault(name, 0.0);
    }

    /** Per-bucket tick counts observed between {@code earlier} and this scrape (the +Inf bucket last). */
    long[] tickCountsSince(Scrape earlier) {
        long[] counts = new long[tickCumulative.length];
        long prev = 0;
        for (int i = 0; i < counts.length; i++) {
            long before = earlier.tickCumulative.length == tickCumulative.length ? earlier.tickCumulative[i] : 0;
            long cum = tickCumulative[i] - before;
            counts[i] = cum - prev;
            prev = cum;
        }
        return counts;
    }
}
