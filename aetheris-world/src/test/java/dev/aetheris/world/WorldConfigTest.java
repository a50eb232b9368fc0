package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import org.junit.jupiter.api.Test;

class WorldConfigTest {
    private static WorldConfig with(int max, int rate, float minX, float maxX, float respawn, float cell) {
        return new WorldConfig(1, max, rate, "r", minX, -10, maxX, 10, respawn, 5, 3, 0.5f, 100, 60, cell, 0, 0, 0);
    }

    @Test
    void invalidSettingsAreNamedInTheMessage() {
        assertThatThrownBy(() -> with(0, 60, -10, 10, 3, 5)).hasMessageContaining("maxEntities");
        assertThatThrownBy(() -> with(10, 0, -10, 10, 3, 5)).hasMessageContaining("tickRate");
        assertThatThrownBy(() -> with(10, 60, 10, -10, 3, 5)).hasMessageContaining("minX < maxX");
        assertThatThrownBy(() -> with(10, 60, Float.NaN, 10, 3, 5)).hasMessageContaining("minX");
        assertThatThrownBy(() -> with(10, 60, -10, 10, -1, 5)).hasMessageContaining("respawnDelaySeconds");
        assertThatThrownBy(() -> with(10, 60, -10, 10, 3, 0)).hasMessageContaining("gridCellSize");
        assertThatThrownBy(() -> with(10, 60, -10, 10, 3, 0.001f)).hasMessageContaining("4096 cells");
        assertThatThrownBy(() -> WorldConfig.defaults(1).withMaxEntities(5)).hasMessageContaining("aiInterceptors");
        assertThatThrownBy(() -> new WorldConfig(1, 10, 60, "x".repeat(65), -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0))
                .hasMessageContaining("roomName");
    }

    @Test
    void timersAreInSecondsSoTheTickRateDoesNotChangeGameSpeed() throws Exception {
        for (int rate : new int[] {30, 60, 120}) {
            WorldConfig c = new WorldConfig(1, 100, rate, "r", -250, -250, 250, 250, 3, 5, 3, 0.5f, 100, 60, 25, 0, 0, 0);
            Harness h = Harness.recording(c);
            long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, 1);
            for (int t = 1; t <= rate; t++) {
                h.tickWith(1, ship, Harness.move(t, 1, 0));
            }
            // One second of full thrust from rest: about 43 u/s whatever the rate.
            assertThat(h.world.view(ship).speed()).isBetween(41f, 45f);
        }
    }

    @Test
    void spawnRejectsUnknownKindsNonFiniteValuesAndTheCap() throws Exception {
        PlaygroundWorld w = new PlaygroundWorld(Harness.empty().withMaxEntities(2));
        assertThatThrownBy(() -> w.spawnKind(7, 0, 0, 0, 0)).isInstanceOfSatisfying(WorldException.class,
                e -> assertThat(e.error()).isEqualTo(new WorldError.UnknownEntityKind(7)));
        assertThatThrownBy(() -> w.spawnKind(EntityKinds.ASTEROID, Float.NaN, 0, 0, 0))
                .isInstanceOf(WorldException.class).hasMessageContaining("finite");
        w.spawnKind(EntityKinds.ASTEROID, 0, 0, 0, 0);
        w.spawnKind(EntityKinds.ASTEROID, 0, 0, 0, 0);
        assertThatThrownBy(() -> w.spawnKind(EntityKinds.ASTEROID, 0, 0, 0, 0))
                .isInstanceOfSatisfying(WorldException.class,
                        e -> assertThat(e.error()).isEqualTo(new WorldError.EntityLimitReached(2)));
    }
}
