package dev.aetheris.protocol.component;

/** One action inside an {@link InputCommand} (upstream {@code PlayerInputKind}, v0.2.22 names). */
public sealed interface PlayerInput {

    /** Thrust along the ship's axes; each axis in [−1, 1] after validation. @param x x axis @param y y axis */
    record Move(float x, float y) implements PlayerInput {
    }

    /** Toggle the mining beam on an asteroid. @param target the asteroid's network id */
    record ToggleMining(long target) implements PlayerInput {
    }

    /** Fire the primary weapon this tick. */
    record FirePrimary() implements PlayerInput {
    }
}
