package dev.aetheris.protocol.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One reading of a Prometheus histogram from the text format of {@code /metrics}: the upper bounds
 * of its finite buckets and the count in each bucket, the last one holding what lies past the
 * highest bound ({@code +Inf}). The server's histograms count from its start, so what happened
 * between two readings is {@link #since}: a run, or one interval of a soak. For tools that read
 * {@code /metrics}; the server's own histograms do not need it.
 *
 * <p>Immutable once built; the arrays are not copied, so callers must not change them.
 *
 * @param bounds upper bounds of the finite buckets, ascending (seconds, for a duration)
 * @param counts observations per bucket; {@code counts.length == bounds.length + 1}
 */
public record HistogramReading(double[] bounds, long[] counts) {

    /**
     * The histogram {@code name} (without labels other than {@code le}) in Prometheus text
     * {@code metrics}; malformed lines are skipped. Returns null if the text holds none of it, or
     * no finite bucket.
     */
    public static HistogramReading parse(String metrics, String name) {
        String bucket = name + "_bucket";
        List<double[]> buckets = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            int brace = line.indexOf('{');
            int le = line.indexOf("le=\"");
            int space = line.lastIndexOf(' ');
            if (brace != bucket.length() || !line.startsWith(bucket) || le < 0 || space < le) {
                continue;
            }
            int end = line.indexOf('"', le + 4);
            try {
                String bound = line.substring(le + 4, end);
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.add(new double[] {upper, Double.parseDouble(line.substring(space + 1))});
            } catch (RuntimeException e) {
                // a malformed line: skipped
            }
        }
        if (buckets.isEmpty()) {
            return null;
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        boolean inf = buckets.getLast()[0] == Double.POSITIVE_INFINITY;
        int finite = inf ? buckets.size() - 1 : buckets.size();
        if (finite == 0) {
            return null;
        }
        double[] bounds = new double[finite];
        long[] counts = new long[finite + 1];
        long prev = 0;
        for (int i = 0; i < buckets.size(); i++) {
            long cumulative = (long) buckets.get(i)[1];
            if (i < finite) {
                bounds[i] = buckets.get(i)[0];
            }
            counts[i] = cumulative - prev;
            prev = cumulative;
        }
        return new HistogramReading(bounds, counts);
    }

    /**
     * What was observed after {@code earlier} (null = since the histogram started).
     *
     * @throws IllegalArgumentException if the two readings have different buckets
     */
    public HistogramReading since(HistogramReading earlier) {
        if (earlier == null) {
            return this;
        }
        if (!Arrays.equals(earlier.bounds, bounds)) {
            throw new IllegalArgumentException("the two readings have different buckets");
        }
        long[] d = new long[counts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new HistogramReading(bounds, d);
    }

    /** The estimated {@code q}-quantile ({@link Buckets#quantile}); NaN if nothing was observed. */
    public double quantile(double q) {
        return Buckets.quantile(bounds, counts, q);
    }

    /** The bound of the highest bucket with an observation: infinite past the highest bound, NaN if none. */
    public double highestObservedBound() {
        if (counts[bounds.length] > 0) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = bounds.length - 1; i >= 0; i--) {
            if (counts[i] > 0) {
                return bounds[i];
            }
        }
        return Double.NaN;
    }
}
