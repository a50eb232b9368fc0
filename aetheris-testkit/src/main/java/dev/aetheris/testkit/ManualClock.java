package dev.aetheris.testkit;

import dev.aetheris.protocol.MonotonicClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. Thread-safe. */
public final class ManualClock implements MonotonicClock {
    private final AtomicLong nanos;

    /** Starts at an arbitrary non-zero origin, like {@link System#nanoTime()}. */
    public ManualClock() {
        this(1_000_000_000L);
    }

    /** @param startNanos the initial reading */
    public ManualClock(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /** Moves time forward. @throws IllegalArgumentException if {@code d} is negative */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    /** Moves time forward by {@code n} nanoseconds (allocation-free, for benchmarks). */
    public void advanceNanos(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + n + " ns");
        }
        nanos.addAndGet(n);
    }
}
