package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.testkit.RecordingReplicationSink;
import dev.aetheris.testkit.RecordingReplicationSink.Component;
import dev.aetheris.testkit.RecordingReplicationSink.Despawned;
import dev.aetheris.testkit.RecordingReplicationSink.Spawned;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplicationTest {
    private static final long CLIENT = 5;

    private static Set<String> componentNames(RecordingReplicationSink sink, long nid) {
        return sink.entries().stream().filter(e -> e instanceof Component c && c.networkId() == nid)
                .map(e -> ((Component) e).schema().name()).collect(Collectors.toSet());
    }

    @Test
    void firstExtractionSpawnsTheRoomAndEveryEntityInFull() throws Exception {
        Harness h = Harness.recording(Harness.empty().withPopulation(1, 0));
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 10, 10, 0, CLIENT);
        h.tick();
        long room = h.world.roomId();
        List<Spawned> spawns = h.sink.spawns();
        assertThat(spawns.get(0)).isEqualTo(new Spawned(room, PlaygroundWorld.ROOM_ENTITY_KIND));
        assertThat(spawns).hasSize(3);
        assertThat(h.sink.components(room, Components.ROOM_DEFINITION).get(0).values())
                .containsExactly("Playground_Master", 0L,
                        new RecordingReplicationSink.VariantIndex(Components.ROOM_ACCESS_OPEN), false);
        assertThat(h.sink.components(room, Components.ROOM_BOUNDS).get(0).values())
                .containsExactly(-250f, -250f, 250f, 250f);
        assertThat(componentNames(h.sink, ship)).containsExactlyInAnyOrder("transform", "velocity", "ship_stats",
                "ship_class", "player_name", "room_membership", "mining_beam", "cargo_hold", "weapon",
                "shield_pool", "hull_pool");
        assertThat(h.sink.components(ship, Components.SHIP_STATS).get(0).values())
                .containsExactly(200L, 200L, 100L, 100L, 100L, 100L, 5L, 10L);
        assertThat(h.sink.components(ship, Components.ROOM_MEMBERSHIP).get(0).values()).containsExactly(room);
        assertThat(h.sink.components(ship, Components.MINING_BEAM).get(0).values())
                .containsExactly(false, RecordingReplicationSink.NONE, 15f, 2L);
        long rock = spawns.stream().filter(s -> s.kind() == EntityKinds.ASTEROID).findFirst().orElseThrow()
                .networkId();
        assertThat(componentNames(h.sink, rock)).containsExactlyInAnyOrder("transform", "velocity",
                "room_membership", "asteroid_hp", "asteroid");
        assertThat(h.sink.components(rock, Components.ASTEROID_HP).get(0).values()).containsExactly(500L, 500L);
    }

    @Test
    void entitiesAtRestSendNothingAndMotionSendsOnlyWhatChanged() throws Exception {
        Harness h = Harness.recording(Harness.empty().withPopulation(3, 0));
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        h.tick();
        h.sink.clear();
        h.ticks(5);
        assertThat(h.sink.entries()).isEmpty();
        h.tickWith(CLIENT, ship, Harness.move(7, 1, 0));
        assertThat(h.sink.entries()).extracting(e -> ((Component) e).schema().name())
                .containsExactly("transform", "velocity");
        assertThat(h.sink.entries()).allSatisfy(e -> assertThat(e.networkId()).isEqualTo(ship));
    }

    @Test
    void extractionVisitsOnlyChangedEntities() throws Exception {
        PlaygroundWorld w = new PlaygroundWorld(Harness.empty().withMaxEntities(2000));
        for (int i = 0; i < 993; i++) {
            w.spawnKind(EntityKinds.INTERCEPTOR, (i % 40) * 10 - 200, (i / 40) * 10 - 200, 0, 0);
        }
        w.stressTest(7, true);
        RecordingReplicationSink sink = RecordingReplicationSink.recording();
        for (int t = 0; t < 100; t++) {
            w.advanceTick();
            w.simulate();
            sink.clear();
            w.extractChanges(sink);
            w.postExtract();
        }
        Set<Long> touched = sink.entries().stream().map(RecordingReplicationSink.Entry::networkId)
                .collect(Collectors.toSet());
        assertThat(touched).hasSize(7);
        assertThat(sink.spawnCount()).isZero();
        assertThat(sink.componentCount()).isBetween(7L, 14L);
    }

    @Test
    void despawnsAreReportedOnceAndSpawnDespawnInOneTickSendsNoState() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long a = h.world.spawnKind(EntityKinds.ASTEROID, 0, 0, 0, 0);
        h.tick();
        h.sink.clear();
        h.world.advanceTick();
        assertThat(h.world.despawn(a)).isTrue();
        assertThat(h.world.despawn(a)).isFalse();
        long b = h.world.spawnKind(EntityKinds.TRAINING_DUMMY, 1, 1, 0, 0);
        h.world.despawn(b);
        long c = h.world.spawnKind(EntityKinds.HAULER, 2, 2, 0, 0);
        h.step();
        // The store logs every despawn; b's is a notice for an id no client ever learned (ignored).
        assertThat(h.sink.despawns()).containsExactly(new Despawned(a), new Despawned(b));
        assertThat(h.sink.spawns()).containsExactly(new Spawned(c, EntityKinds.HAULER));
        assertThat(h.sink.entries()).noneMatch(e -> e.networkId() == b && !(e instanceof Despawned));
        // The slot a and b used is reused by c: none of their components leak into c's stream.
        assertThat(h.sink.components(c, Components.CARGO_HOLD).get(0).values()).containsExactly(0L, 500L);
        assertThat(h.sink.components(c, Components.SHIP_CLASS).get(0).values())
                .containsExactly(new RecordingReplicationSink.VariantIndex(Components.SHIP_CLASS_HAULER));
        assertThat(h.sink.components(c, Components.SHIP_CLASS)).hasSize(1);
        assertThat(h.sink.components(c, Components.ASTEROID)).isEmpty();
    }

    @Test
    void extractionIsRepeatableUntilPostExtract() throws Exception {
        Harness h = Harness.recording(Harness.empty().withPopulation(2, 1));
        h.world.advanceTick();
        h.world.simulate();
        RecordingReplicationSink first = RecordingReplicationSink.recording();
        RecordingReplicationSink second = RecordingReplicationSink.recording();
        h.world.extractChanges(first);
        h.world.extractChanges(second);
        assertThat(second.entries()).isEqualTo(first.entries()).isNotEmpty();
    }

    @Test
    void visibleStateGivesALateJoinerEverythingInItsRoom() throws Exception {
        Harness h = Harness.recording(Harness.empty().withPopulation(4, 1));
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        h.ticks(50);
        RecordingReplicationSink late = RecordingReplicationSink.recording();
        h.world.writeVisibleState(CLIENT, late);
        assertThat(late.spawnCount()).isEqualTo(1 + h.world.entityCount());
        assertThat(late.components(ship, Components.PLAYER_NAME).get(0).values()).containsExactly("Player");
        for (ComponentSchema s : List.of(Components.ROOM_DEFINITION, Components.ROOM_BOUNDS)) {
            assertThat(late.components(h.world.roomId(), s)).hasSize(1);
        }
        RecordingReplicationSink outsider = RecordingReplicationSink.recording();
        h.world.writeVisibleState(999, outsider);
        assertThat(h.world.clientRoom(999)).isEqualTo(WorldState.NO_ROOM);
        assertThat(outsider.entries()).isEmpty();
        assertThat(h.world.entityRoom(ship)).isEqualTo(h.world.roomId());
        assertThat(h.world.clientRoom(CLIENT)).isEqualTo(h.world.roomId());
        h.world.removeClient(CLIENT);
        assertThat(h.world.clientRoom(CLIENT)).isEqualTo(WorldState.NO_ROOM);
    }

    @Test
    void clearWorldDespawnsEverythingAndNeverReusesIds() throws Exception {
        Harness h = Harness.recording(Harness.empty().withPopulation(3, 2));
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        h.tick();
        int before = h.world.entityCount();
        h.sink.clear();
        h.world.advanceTick();
        h.world.clearWorld();
        h.step();
        assertThat(h.world.entityCount()).isZero();
        assertThat(h.sink.despawnCount()).isEqualTo(before);
        assertThat(h.world.isAlive(ship)).isFalse();
        long next = h.world.spawnKind(EntityKinds.ASTEROID, 0, 0, 0, 0);
        assertThat(next).isGreaterThan(ship);
        long again = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        assertThat(again).isGreaterThan(next);
    }
}
