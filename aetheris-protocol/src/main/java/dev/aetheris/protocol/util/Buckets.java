package dev.aetheris.protocol.util;

/**
 * Quantiles from bucketed counts, interpolated linearly inside a bucket the way Prometheus'
 * {@code histogram_quantile} does. Shared by the server's histograms and tools that read
 * {@code /metrics}.
 */
public final class Buckets {
    private Buckets() {
    }

    /**
     * Estimated {@code q}-quantile (0..1) of per-bucket {@code counts} over upper {@code bounds};
     * {@code counts} has one more slot than {@code bounds} (the +Inf bucket).
     *
     * @return the estimate, or NaN if every count is zero
     */
    public static double quantile(double[] bounds, long[] counts, double q) {
        long total = 0;
        for (long x : counts) {
            total += x;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && seen + counts[i] >= rank) {
                if (i >= bounds.length) {
                    return bounds[bounds.length - 1];
                }
                double lo = i == 0 ? 0 : bounds[i - 1];
                return lo + (bounds[i] - lo) * ((rank - seen) / counts[i]);
            }
            seen += counts[i];
        }
        return bounds[bounds.length - 1];
    }
}
