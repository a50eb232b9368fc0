package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.testkit.RecordingReplicationSink;
import org.junit.jupiter.api.Test;

class MiningTest {
    private static final long MINER = 3;

    @Test
    void beamMinesAtUpstreamRateUntilDepletionThenTheAsteroidReturns() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, MINER);
        long rock = h.world.spawnKind(EntityKinds.ASTEROID, 1, 0, 0, 0);
        h.tickWith(MINER, ship, Harness.toggleMining(1, rock));
        assertThat(h.world.view(ship).mining()).isTrue();
        var beam = h.sink.components(ship, Components.MINING_BEAM);
        assertThat(beam.get(beam.size() - 1).values()).containsExactly(true, rock, 15f, 2L);
        h.ticks(99);
        // Every 10 ticks, round(2 * (1 - 1/15)) = 2 ore.
        assertThat(h.world.view(ship).cargo()).isEqualTo(20);
        assertThat(h.world.view(rock).ore()).isEqualTo(80);
        while (h.world.isAlive(rock) && h.world.tick() < 2000) {
            h.tick();
        }
        assertThat(h.world.view(ship).cargo()).isEqualTo(100);
        assertThat(h.events(GameEvent.AsteroidDepleted.class)).containsExactly(new GameEvent.AsteroidDepleted(rock));
        h.tick();
        assertThat(h.world.view(ship).mining()).isFalse();
        long depletedAt = h.world.tick();
        h.ticks(310);
        var rocks = h.sink.spawns().stream().filter(s -> s.kind() == EntityKinds.ASTEROID).toList();
        assertThat(rocks).hasSize(2);
        var back = h.world.view(rocks.get(1).networkId());
        assertThat(back.x()).isEqualTo(1f);
        assertThat(back.ore()).isEqualTo(100);
        assertThat(h.events(GameEvent.AsteroidDepleted.class)).hasSize(1);
        assertThat(depletedAt).isPositive();
    }

    @Test
    void beamSwitchesOffOutOfRangeAndTogglesOff() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, MINER);
        long near = h.world.spawnKind(EntityKinds.ASTEROID, 5, 0, 0, 0);
        long far = h.world.spawnKind(EntityKinds.ASTEROID, 100, 0, 0, 0);
        h.tickWith(MINER, ship, Harness.toggleMining(1, far));
        assertThat(h.world.view(ship).mining()).isFalse();
        h.tickWith(MINER, ship, Harness.toggleMining(2, near));
        assertThat(h.world.view(ship).mining()).isTrue();
        h.tickWith(MINER, ship, Harness.toggleMining(3, near));
        assertThat(h.world.view(ship).mining()).isFalse();
        h.tickWith(MINER, ship, Harness.toggleMining(4, near));
        for (int t = 5; t < 40; t++) {
            h.tickWith(MINER, ship, Harness.move(t, -1, 0));
        }
        assertThat(h.world.view(ship).mining()).isFalse();
    }

    @Test
    void cargoHoldStopsAtCapacity() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, MINER);
        h.world.setCargoForTest(ship, 495);
        long rock = h.world.spawnKind(EntityKinds.ASTEROID, 1, 0, 0, 0);
        h.tickWith(MINER, ship, Harness.toggleMining(1, rock));
        h.ticks(100);
        assertThat(h.world.view(ship).cargo()).isEqualTo(500);
        assertThat(h.world.view(rock).ore()).isEqualTo(95);
        assertThat(h.world.view(ship).mining()).isFalse();
    }

    @Test
    void nearbyShipCollectsADropOnceWithOneEvent() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, MINER);
        long drop = h.world.spawnKind(EntityKinds.CARGO_DROP, 30, 0, 0, 0);
        h.world.setCargoForTest(drop, 37);
        for (int t = 1; t <= 60 && h.world.isAlive(drop); t++) {
            h.tickWith(MINER, ship, Harness.move(t, 1, 0));
        }
        assertThat(h.world.isAlive(drop)).isFalse();
        assertThat(h.world.view(ship).cargo()).isEqualTo(37);
        assertThat(h.events).filteredOn(s -> s.event() instanceof GameEvent.CargoCollected)
                .containsExactly(new Harness.Sent(h.events.get(0).tick(), MINER,
                        new GameEvent.CargoCollected(ship, 37)));
        assertThat(h.sink.despawns()).contains(new RecordingReplicationSink.Despawned(drop));
        assertThat(ReliableEventSink.BROADCAST).isNotEqualTo(MINER);
    }
}
