package dev.aetheris.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** Wall-clock time that moves only when a test says so; {@link #millis()} allocates nothing. */
final class TestClock implements InstantSource {
    private final AtomicLong millis;

    TestClock() {
        this(Instant.parse("2026-11-24T12:00:00Z").toEpochMilli());
    }

    TestClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    void set(long m) {
        millis.set(m);
    }
}
