package dev.aetheris.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A monotonically increasing count with one writing thread (the room loop) and any number of
 * readers (the metrics scrape). Increments are a plain add plus an opaque store: no lock, no
 * fence, no allocation, no registry lookup on the hot path.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long value;

    /** Adds one. Writer thread only. */
    public void inc() {
        VALUE.setOpaque(this, value + 1);
    }

    /** Adds {@code n} (non-negative). Writer thread only. */
    public void add(long n) {
        VALUE.setOpaque(this, value + n);
    }

    /** The current value, from any thread. */
    public long get() {
        return (long) VALUE.getOpaque(this);
    }
}
