package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import java.util.concurrent.locks.LockSupport;

/** Waits for a tick deadline. Injected so tests can drive the loop with a manual clock. */
@FunctionalInterface
public interface Sleeper {

    /** Returns at or after {@code deadlineNanos} on {@code clock}, or early if interrupted. */
    void sleepUntil(MonotonicClock clock, long deadlineNanos);

    /** Parks the thread until the deadline (re-parking on spurious wake-ups). */
    static Sleeper parking() {
        return (clock, deadline) -> {
            long left;
            while ((left = deadline - clock.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(left);
            }
        };
    }
}
