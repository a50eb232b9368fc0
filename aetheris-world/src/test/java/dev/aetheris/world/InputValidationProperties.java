package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.error.WorldException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import java.util.List;

class InputValidationProperties {

    /** Whatever axes a client sends, the ship stays finite and never beats legitimate terminal speed. */
    @Property(tries = 60)
    void anyAxesKeepTheShipFiniteAndBelowTerminalSpeed(@ForAll @Size(min = 1, max = 40) List<Float> axes) throws Exception {
        PlaygroundWorld w = new PlaygroundWorld(Harness.empty());
        long ship = w.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, 1);
        int rejected = 0;
        for (int t = 1; t <= 200; t++) {
            w.advanceTick();
            float ax = axes.get(t % axes.size());
            float ay = axes.get((t * 7) % axes.size());
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
        assertThat(rejected).isBetween(0, 200);
    }
}
