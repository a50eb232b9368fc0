package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import org.junit.jupiter.api.Test;

class PhysicsTest {
    private static final long CLIENT = 7;

    @Test
    void oneStepOfThrustFollowsUpstreamIntegration() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        h.tickWith(CLIENT, ship, Harness.move(1, 1, 0));
        // v = (0 + 1 * 10000/100 * dt) / (1 + 2 * dt); p = v * dt
        float dt = 1f / 60f;
        float v = (100f * dt) * (1f / (1f + 2f * dt));
        var e = h.world.view(ship);
        assertThat(e.vx()).isCloseTo(v, within(1e-5f));
        assertThat(e.vy()).isZero();
        assertThat(e.x()).isCloseTo(v * dt, within(1e-6f));
    }

    @Test
    void terminalSpeedIsThrustOverMassOverDragAndAxesAreClamped() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        for (int t = 1; t <= 600; t++) {
            // An axis of 5 would be 5x the thrust if it were not clamped to [-1, 1].
            h.tickWith(CLIENT, ship, Harness.move(t, 5f, 0f));
        }
        assertThat(h.world.view(ship).speed()).isCloseTo(50f, within(0.05f));
    }

    @Test
    void heavierKindsReachTheirOwnTerminalSpeed() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.HAULER, 0, 0, 0, CLIENT);
        for (int t = 1; t <= 900; t++) {
            h.tickWith(CLIENT, ship, Harness.move(t, 0f, -1f));
        }
        assertThat(h.world.view(ship).speed()).isCloseTo(62.5f, within(0.1f));
    }

    @Test
    void shipTurnsTowardItsHeadingAtTheKindsTurnRate() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        h.tickWith(CLIENT, ship, Harness.move(1, 0, 1));
        // 270 degrees per second for one 1/60 s step = 4.5 degrees.
        assertThat(h.world.view(ship).rotation()).isCloseTo((float) Math.toRadians(4.5), within(1e-5f));
        for (int t = 2; t <= 60; t++) {
            h.tickWith(CLIENT, ship, Harness.move(t, 0, 1));
        }
        assertThat(h.world.view(ship).rotation()).isCloseTo((float) (Math.PI / 2), within(1e-5f));
    }

    @Test
    void positionsWrapAroundTheRoomBounds() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 249.99f, 0, 0, CLIENT);
        for (int t = 1; t <= 30; t++) {
            h.tickWith(CLIENT, ship, Harness.move(t, 1, 0));
        }
        var e = h.world.view(ship);
        assertThat(e.x()).isBetween(-250f, -200f);
        assertThat(h.world.view(ship).vx()).isPositive();
    }

    @Test
    void aQuietClientsShipCoastsToAStopAndThenSendsNothing() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, CLIENT);
        for (int t = 1; t <= 120; t++) {
            h.tickWith(CLIENT, ship, Harness.move(t, 1, 0));
        }
        assertThat(h.world.view(ship).speed()).isGreaterThan(40f);
        // The client goes silent: within 0.5 s the thrust stops, then drag brings the ship to rest.
        h.ticks(600);
        assertThat(h.world.view(ship).speed()).isZero();
        h.sink.clear();
        h.ticks(10);
        assertThat(h.sink.components(ship, Components.TRANSFORM)).isEmpty();
        assertThat(h.sink.components(ship, Components.VELOCITY)).isEmpty();
        assertThat(h.sink.componentCount()).isZero();
    }

    @Test
    void stressTestShipsKeepMovingWithinTheCap() {
        PlaygroundWorld w = new PlaygroundWorld(Harness.empty().withMaxEntities(100));
        assertThat(w.stressTest(1000, true)).isEqualTo(100);
        assertThat(w.entityCount()).isEqualTo(100);
        assertThat(w.stressTest(5, false)).isZero();
        for (int t = 0; t < 300; t++) {
            w.advanceTick();
            w.simulate();
            w.postExtract();
        }
        long[] ids = new long[200];
        int n = w.queryRadius(0, 0, 1000, ids);
        assertThat(n).isEqualTo(100);
        for (int i = 0; i < n; i++) {
            assertThat(w.view(ids[i]).speed()).isGreaterThan(40f);
        }
    }
}
