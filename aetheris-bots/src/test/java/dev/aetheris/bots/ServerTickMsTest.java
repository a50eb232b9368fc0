package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.util.HistogramReading;
import org.junit.jupiter.api.Test;

/** The bots' server tick figures: the run's own ticks, read as two /metrics readings. */
class ServerTickMsTest {
    private static HistogramReading parse(String metrics) {
        return HistogramReading.parse(metrics, "aetheris_tick_duration_seconds");
    }

    private static String metrics(long under4ms, long under100ms, long total) {
        return "# HELP aetheris_tick_duration_seconds Wall time of one tick.\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"0.004\"} " + under4ms + "\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"0.1\"} " + under100ms + "\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"+Inf\"} " + total + "\n"
                + "aetheris_tick_duration_seconds_count " + total + "\n"
                + "aetheris_other_bucket{le=\"0.004\"} 7\n";
    }

    @Test
    void aRunCountsOnlyTheTicksAfterItsStart() {
        // Before the run: 100 slow ticks (a cold JIT). During it: 1,000 more, all under 4 ms.
        HistogramReading atStart = parse(metrics(0, 100, 100));
        HistogramReading atEnd = parse(metrics(1000, 1100, 1100));
        BotReport.Stats run = BotRun.serverTickMs(atStart, atEnd);
        assertThat(run.p99()).as("p99 of the run's own ticks").isLessThanOrEqualTo(4.0);
        assertThat(run.max()).as("highest non-empty bucket").isEqualTo(4.0);
        BotReport.Stats lifetime = BotRun.serverTickMs(null, atEnd);
        assertThat(lifetime.p99()).as("p99 since the server started").isGreaterThan(4.0);
        assertThat(lifetime.max()).isEqualTo(100.0);
    }

    @Test
    void ticksPastTheHighestBoundMakeTheMaxInfinite() {
        BotReport.Stats s = BotRun.serverTickMs(null, parse(metrics(10, 10, 11)));
        assertThat(s.max()).isInfinite();
    }

    @Test
    void textWithoutTheHistogramGivesNothingAndMismatchedReadingsAreRefused() {
        assertThat(parse("aetheris_other_bucket{le=\"1\"} 3\n")).isNull();
        HistogramReading a = parse(metrics(1, 2, 3));
        HistogramReading b = parse("aetheris_tick_duration_seconds_bucket{le=\"0.5\"} 1\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"+Inf\"} 1\n");
        assertThatThrownBy(() -> a.since(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buckets");
    }
}
