package dev.aetheris.protocol;

/**
 * A source of monotonic nanoseconds. Injected wherever time decides behaviour (tick deadlines,
 * fragment timeouts, session idle windows) so tests can drive time by hand.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    /** The JVM's {@link System#nanoTime()}. */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
