package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.server.metrics.Histogram;

/**
 * The one timing helper of the tick: records a stage's wall time into the seed's
 * {@code aetheris_stage_duration_seconds{stage}} histograms. Room-loop thread only; allocates
 * nothing.
 */
final class StageTimer {
    private final MonotonicClock clock;
    private final Histogram[] stages;

    /** @param stages one histogram per stage, indexed by {@code TickMetrics.POLL} … {@code SEND} */
    StageTimer(MonotonicClock clock, Histogram[] stages) {
        this.clock = clock;
        this.stages = stages;
    }

    /** The start of a stage, to pass to {@link #stop}. */
    long start() {
        return clock.nanoTime();
    }

    /** Records the time since {@code startNanos} as one run of {@code stage}. */
    void stop(int stage, long startNanos) {
        stages[stage].record((clock.nanoTime() - startNanos) / 1e9);
    }
}
