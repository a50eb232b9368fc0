package dev.aetheris.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The id index agrees with a HashMap under any sequence of adds and removes (removal shifts entries back). */
class IdIndexProperties {

    @Property(tries = 300)
    void behavesLikeAMap(@ForAll @Size(max = 400) List<@LongRange(min = 1, max = 64) Long> ops) {
        IdIndex index = new IdIndex(64);
        Map<Long, Integer> model = new HashMap<>();
        int next = 0;
        for (long id : ops) {
            if (model.containsKey(id)) {
                index.remove(id);
                model.remove(id);
            } else {
                index.add(id, next);
                model.put(id, next++);
            }
            for (long k = 1; k <= 64; k++) {
                assertThat(index.find(k)).isEqualTo(model.getOrDefault(k, EntityStore.NONE));
            }
        }
    }
}
