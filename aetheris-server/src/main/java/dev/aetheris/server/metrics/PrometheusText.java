package dev.aetheris.server.metrics;

import java.util.Locale;

/** Appends metrics in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
    private final StringBuilder out;

    /** @param out where to append */
    public PrometheusText(StringBuilder out) {
        this.out = out;
    }

    /** Writes {@code # HELP} and {@code # TYPE} lines. */
    public PrometheusText header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A counter with its header. */
    public PrometheusText counter(String name, String help, long value) {
        return header(name, "counter", help).sample(name, "", value);
    }

    /** A gauge with its header. */
    public PrometheusText gauge(String name, String help, double value) {
        return header(name, "gauge", help).sample(name, "", value);
    }

    /** One sample line; {@code labels} is empty or like {@code stage="poll"}. */
    public PrometheusText sample(String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** The bucket, sum and count lines of a histogram (header written separately). */
    public PrometheusText histogram(String name, String labels, Histogram h) {
        double[] bounds = h.bounds();
        long[] counts = h.snapshotCounts();
        long cumulative = 0;
        String sep = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i];
            sample(name + "_bucket", sep + "le=\"" + format(bounds[i]) + "\"", cumulative);
        }
        cumulative += counts[bounds.length];
        sample(name + "_bucket", sep + "le=\"+Inf\"", cumulative);
        sample(name + "_sum", labels, h.sum());
        sample(name + "_count", labels, cumulative);
        return this;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
