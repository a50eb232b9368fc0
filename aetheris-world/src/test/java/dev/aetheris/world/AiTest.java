package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.event.GameEvent;
import org.junit.jupiter.api.Test;

class AiTest {
    private static final long PLAYER = 9;

    private static double dist(PlaygroundWorld.EntityView a, float x, float y) {
        return Math.hypot(a.x() - x, a.y() - y);
    }

    @Test
    void patrolsAroundHomeWhenNobodyIsNear() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ai = h.world.spawnKind(EntityKinds.AI_INTERCEPTOR, -100, -100, 0, 0);
        double maxFromHome = 0;
        float x0 = h.world.view(ai).x();
        boolean moved = false;
        for (int t = 0; t < 600; t++) {
            h.tick();
            var v = h.world.view(ai);
            maxFromHome = Math.max(maxFromHome, dist(v, -100, -100));
            moved |= v.x() != x0;
        }
        assertThat(moved).isTrue();
        assertThat(maxFromHome).isLessThan(80);
        assertThat(h.events(GameEvent.DamageEvent.class)).isEmpty();
    }

    @Test
    void chasesAndShootsAPlayerInRangeThenReturnsHome() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ai = h.world.spawnKind(EntityKinds.AI_INTERCEPTOR, -100, 0, 0, 0);
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 20, 0, 0, PLAYER);
        h.tick();
        double start = dist(h.world.view(ai), 20, 0);
        h.ticks(60);
        assertThat(dist(h.world.view(ai), 20, 0)).isLessThan(start - 20);
        h.ticks(240);
        var hits = h.events(GameEvent.DamageEvent.class);
        assertThat(hits).isNotEmpty().allSatisfy(d -> {
            assertThat(d.source()).isEqualTo(ai);
            assertThat(d.target()).isEqualTo(ship);
        });
        assertThat(h.world.view(ship).shield()).isLessThan(100);
        // The player leaves (its ship is gone): the interceptor flies back and patrols at home.
        h.world.despawn(ship);
        h.ticks(600);
        assertThat(dist(h.world.view(ai), -100, 0)).isLessThan(60);
    }

    @Test
    void ignoresOtherAiAndUnownedShips() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        h.world.spawnKind(EntityKinds.AI_INTERCEPTOR, 0, 0, 0, 0);
        h.world.spawnKind(EntityKinds.AI_INTERCEPTOR, 30, 0, 0, 0);
        h.world.spawnKind(EntityKinds.HAULER, 0, 30, 0, 0);
        h.ticks(300);
        assertThat(h.events(GameEvent.DamageEvent.class)).isEmpty();
    }
}
