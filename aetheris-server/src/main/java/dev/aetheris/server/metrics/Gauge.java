package dev.aetheris.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A value that goes up and down, written by one thread and read by any (see {@link Counter}). */
public final class Gauge {
    private static final VarHandle BITS;

    static {
        try {
            BITS = MethodHandles.lookup().findVarHandle(Gauge.class, "bits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long bits;

    /** Sets the value. */
    public void set(double v) {
        BITS.setOpaque(this, Double.doubleToRawLongBits(v));
    }

    /** The current value, from any thread. */
    public double get() {
        return Double.longBitsToDouble((long) BITS.getOpaque(this));
    }
}
