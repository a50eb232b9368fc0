package dev.aetheris.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void bucketsCountAndQuantilesInterpolate() {
        Histogram h = new Histogram(1, 2, 4);
        for (int i = 0; i < 50; i++) {
            h.record(0.5);
        }
        for (int i = 0; i < 50; i++) {
            h.record(3);
        }
        h.record(100);
        assertThat(h.snapshotCounts()).containsExactly(50, 0, 50, 1);
        assertThat(h.count()).isEqualTo(101);
        assertThat(h.sum()).isEqualTo(50 * 0.5 + 50 * 3 + 100);
        assertThat(h.quantile(0.25)).isBetween(0.4, 0.6);
        assertThat(h.quantile(0.75)).isBetween(2.9, 3.1);
        assertThat(h.quantile(1.0)).isEqualTo(4);
        assertThat(new Histogram(1).quantile(0.5)).isNaN();
        assertThatThrownBy(() -> new Histogram(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundaryValuesFallInTheirOwnBucket() {
        Histogram h = new Histogram(1, 2);
        h.record(1);
        h.record(2);
        assertThat(h.snapshotCounts()).containsExactly(1, 1, 0);
        StringBuilder out = new StringBuilder();
        new PrometheusText(out).histogram("x", "", h);
        assertThat(out.toString()).contains("x_bucket{le=\"1\"} 1\n").contains("x_bucket{le=\"2\"} 2\n")
                .contains("x_bucket{le=\"+Inf\"} 2\n").contains("x_count 2\n").contains("x_sum 3\n");
    }
}
