package dev.aetheris.protocol.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramReadingTest {

    @Test
    void bucketsAreReadInBoundOrderAndOtherLinesAreIgnored() {
        String text = "# TYPE t histogram\n"
                + "t_bucket{le=\"+Inf\"} 10\n"
                + "t_bucket{le=\"0.5\"} 7\n"
                + "t_bucket{le=\"0.1\"} 4\n"
                + "t_bucket{le=\"oops\"} 5\n"
                + "t_sum 1.5\n"
                + "t_other_bucket{le=\"0.1\"} 99\n"
                + "tt_bucket{le=\"0.1\"} 99\n";
        HistogramReading r = HistogramReading.parse(text, "t");
        assertThat(r.bounds()).containsExactly(0.1, 0.5);
        assertThat(r.counts()).as("per bucket, +Inf last").containsExactly(4L, 3L, 3L);
        assertThat(r.highestObservedBound()).isInfinite();
    }

    @Test
    void aDifferenceHoldsOnlyWhatCameAfter() {
        HistogramReading a = HistogramReading.parse("t_bucket{le=\"0.1\"} 4\nt_bucket{le=\"+Inf\"} 4\n", "t");
        HistogramReading b = HistogramReading.parse("t_bucket{le=\"0.1\"} 4\nt_bucket{le=\"+Inf\"} 6\n", "t");
        HistogramReading d = b.since(a);
        assertThat(d.counts()).containsExactly(0L, 2L);
        assertThat(d.quantile(0.5)).as("everything past the highest bound").isEqualTo(0.1);
        assertThat(a.since(a).quantile(0.5)).as("nothing observed").isNaN();
        assertThat(a.since(a).highestObservedBound()).isNaN();
        assertThat(HistogramReading.parse("t_bucket{le=\"+Inf\"} 4\n", "t")).as("no finite bucket").isNull();
    }
}
