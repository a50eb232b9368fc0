package dev.aetheris.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The id index agrees with a HashMap under any sequence of adds and removes (removal shifts entries back). */
class IdIndexProperties {

    @Test
    void behavesLikeAMap() {
        // Seeded, so every run checks the same 300 sequences; the seed is in any failure message.
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            IdIndex index = new IdIndex(64);
            Map<Long, Integer> model = new HashMap<>();
            int next = 0;
            int ops = rnd.nextInt(401);
            for (int op = 0; op < ops; op++) {
                long id = 1 + rnd.nextInt(64);
                if (model.containsKey(id)) {
                    index.remove(id);
                    model.remove(id);
                } else {
                    index.add(id, next);
                    model.put(id, next++);
                }
                for (long k = 1; k <= 64; k++) {
                    assertThat(index.find(k)).as("seed %d, op %d, id %d", seed, op, k)
                            .isEqualTo(model.getOrDefault(k, EntityStore.NONE));
                }
            }
        }
    }
}
