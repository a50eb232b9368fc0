package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.Sizes;

/**
 * What a world made of one client input ({@link WorldState#applyInput}): accepted, or the reason
 * it was refused. A value, not an exception, because refusals come from the network at the
 * network's rate (a ship that just died still receives its pilot's inputs) and must cost the tick
 * nothing to report.
 */
public enum InputVerdict {
    /** Applied (or, for a world where the latest input wins, superseded by a newer one it holds). */
    ACCEPTED("accepted"),
    /** The network id names no live entity. */
    NO_SUCH_ENTITY("no live entity with that network id"),
    /** The entity is not the session ship of the client that sent the input. */
    NOT_YOUR_SHIP("the entity is not the session ship of this client"),
    /** More than {@link Sizes#MAX_INPUT_ACTIONS} actions. */
    TOO_MANY_ACTIONS("the actions exceed the limit of " + Sizes.MAX_INPUT_ACTIONS),
    /** Action bits outside {@code InputCommand.ALLOWED_ACTIONS_MASK}. */
    UNKNOWN_ACTION_BITS("unknown action bits"),
    /** A move axis is NaN or infinite. */
    NON_FINITE_AXIS("move axes must be finite"),
    /** The input tick is negative (as a u64, past 2^63). */
    TICK_OUT_OF_RANGE("the input tick is out of range"),
    /** The input tick is not after the last accepted one: a replay. */
    REPLAYED_TICK("the input tick replays or precedes the last accepted tick"),
    /** The input tick is too far ahead of the last accepted one (or of the world's tick). */
    TICK_OUTSIDE_WINDOW("the input tick is outside the anti-replay window");

    private final String reason;

    InputVerdict(String reason) {
        this.reason = reason;
    }

    /** Whether the input was accepted. */
    public boolean accepted() {
        return this == ACCEPTED;
    }

    /** A readable one-line reason. */
    public String reason() {
        return reason;
    }
}
