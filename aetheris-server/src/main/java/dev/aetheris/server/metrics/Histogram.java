package dev.aetheris.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import dev.aetheris.protocol.util.Buckets;
import java.util.Arrays;

/**
 * A Prometheus histogram with fixed upper bounds, one writer thread and any readers. Recording is
 * a binary search over the bounds plus two opaque stores; it allocates nothing.
 *
 * <p>Quantiles for reports are estimated from the buckets by linear interpolation, the same way
 * Prometheus' {@code histogram_quantile} does.
 */
public final class Histogram {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SUM;

    static {
        try {
            SUM = MethodHandles.lookup().findVarHandle(Histogram.class, "sumBits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final double[] bounds;
    /** counts[i] = observations in (bounds[i-1], bounds[i]]; the last slot is +Inf. */
    private final long[] counts;
    private long sumBits;

    /** @param bounds strictly increasing upper bounds (without +Inf) */
    public Histogram(double... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must increase: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    /** Bounds for durations in seconds from 10 µs to 1 s. */
    public static Histogram seconds() {
        return new Histogram(1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2e-3, 4e-3, 8e-3, 0.01667, 0.025, 0.05,
                0.1, 0.25, 0.5, 1.0);
    }

    /**
     * Bounds for tick and stage durations in seconds, 10 µs to 1 s, a millisecond apart from 1 to
     * 8 ms and then at the tick periods of 100, 60 and 30 Hz, so a p99 against a few-millisecond
     * goal is read off buckets, not interpolated across a wide one.
     */
    public static Histogram tickSeconds() {
        return new Histogram(1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3, 7e-3, 8e-3,
                0.01, 0.012, 0.01667, 0.025, 0.0333, 0.05, 0.1, 0.25, 0.5, 1.0);
    }

    /** Bounds for durations in milliseconds from 0.01 ms to 1 s. */
    public static Histogram millis() {
        return new Histogram(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16.67, 25, 50, 100, 250, 500, 1000);
    }

    /** Records one observation. Writer thread only. */
    public void record(double v) {
        int i = Arrays.binarySearch(bounds, v);
        if (i < 0) {
            i = -i - 1;
        }
        LONGS.setOpaque(counts, i, counts[i] + 1);
        SUM.setOpaque(this, Double.doubleToRawLongBits(Double.longBitsToDouble(sumBits) + v));
    }

    /** Upper bounds, without +Inf. */
    public double[] bounds() {
        return bounds.clone();
    }

    /** A consistent-enough copy of the per-bucket counts (last = +Inf). */
    public long[] snapshotCounts() {
        long[] out = new long[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) LONGS.getOpaque(counts, i);
        }
        return out;
    }

    /** Sum of all observations. */
    public double sum() {
        return Double.longBitsToDouble((long) SUM.getOpaque(this));
    }

    /** Total observations. */
    public long count() {
        long n = 0;
        for (long c : snapshotCounts()) {
            n += c;
        }
        return n;
    }

    /** Estimated {@code q}-quantile (0..1), or NaN with no observations. */
    public double quantile(double q) {
        return quantile(bounds, snapshotCounts(), q);
    }

    /** Estimated quantile of bucket counts; see {@link Buckets#quantile}. */
    public static double quantile(double[] bounds, long[] counts, double q) {
        return Buckets.quantile(bounds, counts, q);
    }
}
