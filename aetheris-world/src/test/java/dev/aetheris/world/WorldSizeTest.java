package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default world is large, grouped into asteroid fields with AI patrols; stress ships cover all of it. */
class WorldSizeTest {

    private static List<PlaygroundWorld.EntityView> all(PlaygroundWorld w) {
        long[] ids = new long[w.config().maxEntities()];
        int n = w.queryRadius(0, 0, WorldConfig.MAX_WORLD_SIZE, ids);
        List<PlaygroundWorld.EntityView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(w.view(ids[i]));
        }
        out.sort(java.util.Comparator.comparingLong(PlaygroundWorld.EntityView::networkId)); // spawn order
        return out;
    }

    @Test
    void worldSizeIsASquareCentredOnTheOriginAndBoundsAreReplicated() {
        WorldConfig c = WorldConfig.defaults(1).withWorldSize(1200);
        assertThat(List.of(c.minX(), c.minY(), c.maxX(), c.maxY())).containsExactly(-600f, -600f, 600f, 600f);
        Harness h = Harness.recording(c);
        h.tick();
        assertThat(h.sink.components(h.world.roomId(), Components.ROOM_BOUNDS).get(0).values())
                .containsExactly(-600f, -600f, 600f, 600f);
        assertThat(WorldConfig.defaults(1).maxX() - WorldConfig.defaults(1).minX())
                .isEqualTo(WorldConfig.DEFAULT_WORLD_SIZE);
        assertThatThrownBy(() -> WorldConfig.defaults(1).withWorldSize(0)).hasMessageContaining("world size");
        assertThatThrownBy(() -> WorldConfig.defaults(1).withWorldSize(Float.NaN)).hasMessageContaining("world size");
        assertThatThrownBy(() -> WorldConfig.defaults(1).withWorldSize(WorldConfig.MAX_WORLD_SIZE * 2))
                .hasMessageContaining("world size");
    }

    @Test
    void asteroidsLieInTheirFieldsAndEveryAiIsBasedAtOne() {
        WorldConfig c = WorldConfig.defaults(3);
        PlaygroundWorld w = new PlaygroundWorld(c);
        List<PlaygroundWorld.EntityView> rocks = all(w).stream().filter(v -> v.kind() == EntityKinds.ASTEROID).toList();
        List<PlaygroundWorld.EntityView> ai = all(w).stream().filter(v -> v.kind() == EntityKinds.AI_INTERCEPTOR)
                .toList();
        assertThat(rocks).hasSize(c.asteroids());
        assertThat(ai).hasSize(c.aiInterceptors());
        float r = Population.fieldRadius(c);
        // Asteroid a belongs to field a % fields; the field's members are within 2r of each other.
        for (int f = 0; f < c.asteroidFields(); f++) {
            PlaygroundWorld.EntityView first = rocks.get(f);
            for (int a = f; a < rocks.size(); a += c.asteroidFields()) {
                assertThat(dist(first, rocks.get(a))).as("asteroid %d in field %d", a, f).isLessThanOrEqualTo(2 * r);
            }
        }
        List<PlaygroundWorld.EntityView> patrolledRocks = new ArrayList<>();
        for (int a = 0; a < rocks.size(); a++) {
            if (a % c.asteroidFields() != 0) {
                patrolledRocks.add(rocks.get(a));
            }
        }
        for (PlaygroundWorld.EntityView v : ai) {
            double nearest = patrolledRocks.stream().mapToDouble(rock -> dist(rock, v)).min().orElseThrow();
            assertThat(nearest).as("AI %d patrols a field other than the start", v.networkId())
                    .isLessThanOrEqualTo(2 * r);
        }
        // The start field lies around the centre, where session ships begin.
        assertThat(rocks.get(0).x() * rocks.get(0).x() + rocks.get(0).y() * rocks.get(0).y())
                .isLessThanOrEqualTo(r * r * 1.0001f);
        // The fields are spread out: the world is far wider than one field, so interest matters.
        double spread = rocks.stream().mapToDouble(rock -> dist(rock, rocks.get(0))).max().orElseThrow();
        assertThat(spread).isGreaterThan(4 * r);
    }

    @Test
    void stressShipsAreSpreadOverTheWholeWorld() {
        PlaygroundWorld w = new PlaygroundWorld(WorldConfig.defaults(5).withPopulation(0, 0));
        assertThat(w.stressTest(4000, true)).isEqualTo(4000);
        int[] cells = new int[16];
        float edge = WorldConfig.DEFAULT_WORLD_SIZE;
        for (PlaygroundWorld.EntityView v : all(w)) {
            int cx = (int) ((v.x() + edge / 2) / (edge / 4));
            int cy = (int) ((v.y() + edge / 2) / (edge / 4));
            cells[Math.min(3, cy) * 4 + Math.min(3, cx)]++;
        }
        // 4,000 uniform ships over 16 equal cells: 250 expected per cell; each gets at least 150.
        for (int n : cells) {
            assertThat(n).isBetween(150, 350);
        }
    }

    @Test
    void theDefaultWorldReplicatesEveryEntityWithItsFullState() {
        Harness h = new Harness(new PlaygroundWorld(WorldConfig.defaults(9)), RecordingReplicationSink.recording());
        h.tick();
        WorldConfig c = h.world.config();
        assertThat(h.sink.spawnCount()).isEqualTo(1 + c.asteroids() + c.aiInterceptors());
        assertThat(h.world.store().size()).isEqualTo(1 + h.world.entityCount());
    }

    private static double dist(PlaygroundWorld.EntityView a, PlaygroundWorld.EntityView b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }
}
