package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.testkit.Trials;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputValidationProperties {

    /** Whatever axes a client sends, the ship stays finite and never beats legitimate terminal speed. */
    @Test
    void anyAxesKeepTheShipFiniteAndBelowTerminalSpeed() {
        Trials.run(60, InputValidationProperties::randomAxesStayFiniteAndBelowTerminalSpeed);
    }

    /** Axes a hostile client might send: NaN, infinities, huge, tiny, in range and just outside. */
    private static final float[] EDGES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 0f, -0f, 1f, -1f, 1.0001f, -1.0001f, 1e30f};

    static float hostileAxis(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> EDGES[rnd.nextInt(EDGES.length)];
            case 1 -> rnd.nextFloat(-2f, 2f);
            default -> Float.intBitsToFloat(rnd.nextInt());
        };
    }

    private static void randomAxesStayFiniteAndBelowTerminalSpeed(Random rnd) throws Exception {
        float[] axes = new float[rnd.nextInt(1, 41)];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = hostileAxis(rnd);
        }
        PlaygroundWorld w = new PlaygroundWorld(Harness.empty());
        long ship = w.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, 1);
        int rejected = 0;
        int nonFinite = 0;
        for (int t = 1; t <= 200; t++) {
            w.advanceTick();
            float ax = axes[t % axes.length];
            float ay = axes[(t * 7) % axes.length];
            nonFinite += Float.isFinite(ax) && Float.isFinite(ay) ? 0 : 1;
            try {
                w.applyInput(1, ship, Harness.move(t, ax, ay));
            } catch (WorldException e) {
                rejected++;
                assertThat(Float.isFinite(ax) && Float.isFinite(ay)).isFalse();
            }
            w.simulate();
            w.postExtract();
            var e = w.view(ship);
            assertThat(Float.isFinite(e.x()) && Float.isFinite(e.y()) && Float.isFinite(e.vx())).isTrue();
            // Both axes at 1 give a diagonal thrust of sqrt(2): still capped by max velocity 100.
            assertThat(e.speed()).isLessThanOrEqualTo(100.001f);
        }
        // Exactly the non-finite inputs are refused: finite ones, however large, are clamped instead.
        assertThat(rejected).isEqualTo(nonFinite);
    }
}
