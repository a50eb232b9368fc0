package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InputValidationTest {
    private static final long ME = 11;
    private static final long OTHER = 12;
    private PlaygroundWorld world;
    private long ship;

    @BeforeEach
    void setUp() throws Exception {
        world = new PlaygroundWorld(Harness.empty());
        ship = world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, ME);
        world.advanceTick();
    }

    private static void assertInvalid(ThrowingCallable call, String reasonPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WorldException.class, e -> {
            assertThat(e.error()).isInstanceOf(WorldError.InvalidInput.class);
            assertThat(e.getMessage()).contains(reasonPart);
        });
    }

    @Test
    void onlyTheOwnersSessionShipTakesInput() throws Exception {
        assertInvalid(() -> world.applyInput(OTHER, ship, Harness.move(1, 1, 0)), "not the session ship");
        long spawned = world.spawnKind(EntityKinds.INTERCEPTOR, 5, 5, 0, ME);
        assertInvalid(() -> world.applyInput(ME, spawned, Harness.move(1, 1, 0)), "not the session ship");
        assertThatThrownBy(() -> world.applyInput(ME, 999_999, Harness.move(1, 1, 0)))
                .isInstanceOfSatisfying(WorldException.class,
                        e -> assertThat(e.error()).isEqualTo(new WorldError.EntityNotFound(999_999)));
        world.applyInput(ME, ship, Harness.move(1, 1, 0));
    }

    @Test
    void nonFiniteAxesAreRejectedAndChangeNothing() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertInvalid(() -> world.applyInput(ME, ship, Harness.move(1, bad, 0)), "finite");
            assertInvalid(() -> world.applyInput(ME, ship, Harness.move(1, 0, bad)), "finite");
        }
        world.simulate();
        assertThat(world.view(ship).speed()).isZero();
        // The rejected commands did not consume tick 1 either.
        world.applyInput(ME, ship, Harness.move(1, 1, 0));
    }

    @Test
    void unknownActionBitsAndTooManyActionsAreRejected() throws Exception {
        assertInvalid(() -> world.applyInput(ME, ship, new InputCommand(1, List.of(), 0x02, -1)), "action bits");
        assertInvalid(() -> world.applyInput(ME, ship, new InputCommand(1, List.of(), 1L << 40, -1)), "action bits");
        List<PlayerInput> many = new ArrayList<>();
        for (int i = 0; i < 129; i++) {
            many.add(new PlayerInput.FirePrimary());
        }
        assertInvalid(() -> world.applyInput(ME, ship, new InputCommand(1, many, 0, -1)), "exceed the limit of 128");
        world.applyInput(ME, ship, new InputCommand(1, many.subList(0, 128), InputCommand.ACTION_FIRE_WEAPON, -1));
    }

    @Test
    void antiReplayWindowOnTheInputTick() throws Exception {
        assertInvalid(() -> world.applyInput(ME, ship, Harness.move(602, 1, 0)), "window");
        world.applyInput(ME, ship, Harness.move(10, 1, 0));
        assertInvalid(() -> world.applyInput(ME, ship, Harness.move(10, 1, 0)), "replays");
        assertInvalid(() -> world.applyInput(ME, ship, Harness.move(9, 1, 0)), "replays");
        assertInvalid(() -> world.applyInput(ME, ship, Harness.move(611, 1, 0)), "window");
        world.applyInput(ME, ship, Harness.move(610, 1, 0));
        assertInvalid(() -> world.applyInput(ME, ship, Harness.move(-5, 1, 0)), "out of range");
    }

    @Test
    void lastMoveWinsAndFirePrimaryFires() throws Exception {
        world.applyInput(ME, ship, new InputCommand(1, List.of(new PlayerInput.Move(1, 0),
                new PlayerInput.Move(0, -1)), 0, -1));
        world.simulate();
        var e = world.view(ship);
        assertThat(e.vx()).isZero();
        assertThat(e.vy()).isNegative();
    }
}
