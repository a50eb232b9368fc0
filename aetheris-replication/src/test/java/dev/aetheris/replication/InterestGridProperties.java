package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;

/** A grid query returns every entity within the radius (and each once), wherever the entities are. */
class InterestGridProperties {

    @Property(tries = 200)
    void findsEveryEntityWithinTheRadius(@ForAll @Size(min = 1, max = 200) List<@FloatRange(min = -5000, max = 5000) Float> coords,
                                         @ForAll @FloatRange(min = -5000, max = 5000) float qx,
                                         @ForAll @FloatRange(min = -5000, max = 5000) float qy) {
        EntityStore store = new EntityStore(SHIPS, 200);
        for (int i = 0; i < coords.size(); i++) {
            int e = store.spawn(i + 1, 1, 0, 0, SHIPS.mask(TRANSFORM));
            store.setFloat(e, X, coords.get(i));
            store.setFloat(e, Y, coords.get((i * 7 + 3) % coords.size()) / 2);
        }
        float r = 800;
        InterestGrid grid = new InterestGrid(200, r);
        grid.rebuild(store);
        int[] out = new int[200];
        int n = grid.query(qx, qy, r, out);
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < n; i++) {
            assertThat(found.add(out[i])).as("each entity once").isTrue();
        }
        for (int e = 0; e < store.highWater(); e++) {
            float dx = store.x(e) - qx;
            float dy = store.y(e) - qy;
            if (dx * dx + dy * dy <= r * r) {
                assertThat(found).contains(e);
            }
        }
    }
}
