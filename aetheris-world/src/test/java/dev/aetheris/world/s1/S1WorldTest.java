package dev.aetheris.world.s1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.util.Mulberry32;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S1 must match the scenario's reference implementation (the Colyseus side's {@code s1.mjs
 * --trace 600 3}): the figures below are what that trace printed for 600 ticks and 3 clients.
 */
class S1WorldTest {

    /** Client i's input stream exactly as the scenario defines it, sampled at tick t. */
    private static final class Stream {
        final Mulberry32 r;
        double thrust;
        double turn;
        double nextChangeMs;

        Stream(int i) {
            r = new Mulberry32(5000 + i);
            thrust = r.next() * 2 - 1;
            turn = r.next() * 2 - 1;
            nextChangeMs = r.next() * 500;
        }

        void at(double ms) {
            while (ms >= nextChangeMs) {
                thrust = r.next() * 2 - 1;
                turn = r.next() * 2 - 1;
                nextChangeMs += 500;
            }
        }
    }

    @Test
    void matchesTheReferenceTraceAfter600Ticks() throws Exception {
        S1World w = new S1World(16);
        long[] ships = new long[3];
        Stream[] streams = new Stream[3];
        for (int i = 0; i < 3; i++) {
            ships[i] = w.spawnSessionShip(1, 0, 0, 0, 1000 + i);
            streams[i] = new Stream(i);
        }
        for (int t = 0; t < 600; t++) {
            w.advanceTick();
            for (int i = 0; i < 3; i++) {
                streams[i].at(t * 1000.0 / 60);
                // Inputs travel as f32 on the wire; feed the reference values through the same narrowing.
                w.applyInput(1000 + i, ships[i], new InputCommand(t + 1,
                        List.of(new PlayerInput.Move((float) streams[i].turn, (float) streams[i].thrust)), 0, -1));
            }
            w.simulate();
            w.postExtract();
        }
        double[] npc0 = w.position(100);
        assertThat(npc0[0]).isCloseTo(358.0925417658989, within(1e-6));
        assertThat(npc0[1]).isCloseTo(168.865566828146, within(1e-6));
        assertThat(npc0[2]).isCloseTo(0.17245483820194307, within(1e-9));
        double[] npc199 = w.position(100 + 199);
        assertThat(npc199[0]).isCloseTo(5.575918636350178, within(1e-6));
        assertThat(npc199[1]).isCloseTo(219.29546003783682, within(1e-6));
        double[] ship0 = w.position(ships[0]);
        // Ships differ from the reference only by the f32 narrowing of the inputs.
        assertThat(ship0[0]).isCloseTo(874.7298405688201, within(0.05));
        assertThat(ship0[1]).isCloseTo(808.989755116661, within(0.05));
        double[] ship2 = w.position(ships[2]);
        assertThat(ship2[0]).isCloseTo(458.0333655091701, within(0.05));
        assertThat(ship2[1]).isCloseTo(525.2649138239772, within(0.05));
        assertThat(w.entityCount()).isEqualTo(203);
    }

    @Test
    void onlyTheOwnerSteersItsShipAndRepeatsAreIgnored() throws Exception {
        S1World w = new S1World(4);
        long ship = w.spawnSessionShip(1, 0, 0, 0, 7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.applyInput(8, ship,
                new InputCommand(1, List.of(new PlayerInput.Move(1, 1)), 0, -1)))
                .isInstanceOf(dev.aetheris.protocol.error.WorldException.class);
        w.applyInput(7, ship, new InputCommand(5, List.of(new PlayerInput.Move(0, 1)), 0, -1));
        w.applyInput(7, ship, new InputCommand(4, List.of(new PlayerInput.Move(0, -1)), 0, -1));
        double[] before = w.position(ship);
        for (int i = 0; i < 30; i++) {
            w.simulate();
        }
        double[] after = w.position(ship);
        double moved = Math.hypot(after[0] - before[0], after[1] - before[1]);
        assertThat(moved).as("thrust +1 from tick 5 still applies; the older tick-4 input was ignored")
                .isGreaterThan(10);
    }

    private static void tick(S1World w, RecordingReplicationSink sink) {
        sink.clear();
        w.advanceTick();
        w.simulate();
        w.extractChanges(sink);
        w.postExtract();
    }

    @Test
    void replicatesFromItsStoreOnlyWhatMoved() throws Exception {
        S1World w = new S1World(4);
        long ship = w.spawnSessionShip(1, 0, 0, 0, 7);
        RecordingReplicationSink sink = RecordingReplicationSink.recording();
        tick(w, sink);
        assertThat(sink.spawnCount()).isEqualTo(S1World.NPC_COUNT + 1);
        assertThat(w.store().size()).isEqualTo(S1World.NPC_COUNT + 1);
        for (int e = 0; e < w.store().highWater(); e++) {
            assertThat(w.store().isGlobal(e)).as("S1: every client sees every entity").isTrue();
        }
        tick(w, sink);
        // NPCs move every tick; the ship without input rests and sends nothing.
        assertThat(sink.spawnCount()).isZero();
        assertThat(sink.components(ship, Components.TRANSFORM)).isEmpty();
        assertThat(sink.componentCount()).isEqualTo(S1World.NPC_COUNT);
        double[] npc = w.position(100);
        assertThat(sink.components(100, Components.TRANSFORM).get(0).values())
                .containsExactly((float) npc[0], (float) npc[1], 0f, (float) npc[2], 2L);
        assertThat(w.despawn(ship)).isTrue();
        tick(w, sink);
        assertThat(sink.despawns()).containsExactly(new RecordingReplicationSink.Despawned(ship));
        assertThat(w.isAlive(ship)).isFalse();
        assertThat(w.entityCount()).isEqualTo(S1World.NPC_COUNT);
    }
}
