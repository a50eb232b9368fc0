package dev.aetheris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrialsTest {

    private static List<Long> draws() {
        List<Long> out = new ArrayList<>();
        Trials.run(20, rnd -> out.add(rnd.nextLong()));
        return out;
    }

    @Test
    void theSameSeedReplaysTheSameTrials() {
        List<Long> first = draws();
        assertThat(draws()).isEqualTo(first);
        assertThat(first).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void aFailureNamesTheSeedThatReplaysIt() {
        assertThatThrownBy(() -> Trials.run(50, rnd -> assertThat(rnd.nextInt(10)).isNotEqualTo(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("-D" + Trials.SEED_PROPERTY + "=" + Trials.DEFAULT_SEED)
                .hasMessageContaining("trial seed")
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void theSeedPropertyChangesTheTrials() {
        List<Long> defaults = draws();
        System.setProperty(Trials.SEED_PROPERTY, "42");
        try {
            assertThat(Trials.baseSeed()).isEqualTo(42L);
            assertThat(draws()).isNotEqualTo(defaults);
        } finally {
            System.clearProperty(Trials.SEED_PROPERTY);
        }
    }

    @Test
    void edgesAndRangesStayInBounds() {
        Random rnd = new Random(1);
        int edges = 0;
        for (int i = 0; i < 2000; i++) {
            long v = Trials.withEdges(rnd, 10, 20, -1, 99);
            assertThat(v == -1 || v == 99 || v >= 10 && v <= 20).isTrue();
            edges += v == -1 || v == 99 ? 1 : 0;
            assertThat(Trials.between(rnd, 3, 3)).isEqualTo(3);
            assertThat(Trials.bytes(rnd, 5).length).isBetween(0, 5);
        }
        // About a quarter of the draws are edges: 500 expected, the bounds are over 5 sigma wide.
        assertThat(edges).isBetween(400, 600);
    }
}
