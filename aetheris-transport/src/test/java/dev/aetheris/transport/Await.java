package dev.aetheris.transport;

import java.util.function.BooleanSupplier;

/** Bounded polling for conditions reached asynchronously over loopback. */
final class Await {
    private Await() {
    }

    /** Waits up to {@code millis} for {@code condition}; fails with {@code what} otherwise. */
    static void until(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
