package dev.aetheris.protocol.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LongMapTest {

    @Test
    void rejectsReservedKeyZero() {
        LongMap<String> m = new LongMap<>();
        assertThatThrownBy(() -> m.put(0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.get(0)).isNull();
    }

    @Provide
    Arbitrary<List<long[]>> operations() {
        // op 0 = put, 1 = remove; small key range forces collisions and backward shifts.
        return Arbitraries.longs().between(-20, 20).filter(k -> k != 0)
                .flatMap(k -> Arbitraries.integers().between(0, 1).map(op -> new long[] {op, k}))
                .list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll("operations") List<long[]> ops) {
        LongMap<Long> m = new LongMap<>(2);
        Map<Long, Long> ref = new HashMap<>();
        long n = 0;
        for (long[] op : ops) {
            if (op[0] == 0) {
                assertThat(m.put(op[1], n)).isEqualTo(ref.put(op[1], n));
                n++;
            } else {
                assertThat(m.remove(op[1])).isEqualTo(ref.remove(op[1]));
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
