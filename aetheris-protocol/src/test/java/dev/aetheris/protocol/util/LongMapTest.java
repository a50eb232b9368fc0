package dev.aetheris.protocol.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.testing.SeededTrials;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {

    @Test
    void rejectsReservedKeyZero() {
        LongMap<String> m = new LongMap<>();
        assertThatThrownBy(() -> m.put(0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.get(0)).isNull();
    }

    @Test
    void behavesLikeAHashMap() {
        SeededTrials.run(300, LongMapTest::randomPutsAndRemovesMatchAHashMap);
    }

    private static void randomPutsAndRemovesMatchAHashMap(Random rnd) {
        LongMap<Long> m = new LongMap<>(2);
        Map<Long, Long> ref = new HashMap<>();
        int ops = rnd.nextInt(301);
        for (long n = 0; n < ops; n++) {
            // Keys in [-20, 20] without 0: a small range forces collisions and backward shifts.
            long k = rnd.nextLong(1, 21) * (rnd.nextBoolean() ? 1 : -1);
            if (rnd.nextBoolean()) {
                assertThat(m.put(k, n)).isEqualTo(ref.put(k, n));
            } else {
                assertThat(m.remove(k)).isEqualTo(ref.remove(k));
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
        for (long k = -20; k <= 20; k++) {
            assertThat(m.get(k)).isEqualTo(k == 0 ? null : ref.get(k));
        }
        int seen = 0;
        for (int i = 0; i < m.capacity(); i++) {
            if (m.keyAt(i) != 0) {
                seen++;
                assertThat(m.valueAt(i)).isEqualTo(ref.get(m.keyAt(i)));
            }
        }
        assertThat(seen).isEqualTo(ref.size());
    }
}
