package dev.aetheris.protocol.component;

import java.util.List;

/**
 * A client's input for one tick (component kind 128, the only component clients may send).
 * Wire order (v0.2.21+): tick, actions, actions_mask, last_seen_input_tick.
 *
 * @param tick              the client's input tick (u64), used for anti-replay
 * @param actions           the actions, at most {@code Sizes.MAX_INPUT_ACTIONS}; copied
 * @param actionsMask       action bits (u32); only {@link #ALLOWED_ACTIONS_MASK} bits are valid
 * @param lastSeenInputTick the last server-acknowledged input tick, or −1 for none
 */
public record InputCommand(long tick, List<PlayerInput> actions, long actionsMask, long lastSeenInputTick) {
    /** Bit set while the weapon trigger is held. */
    public static final long ACTION_FIRE_WEAPON = 1L << 2;
    /** Bits a client may set; any other bit makes the command invalid. */
    public static final long ALLOWED_ACTIONS_MASK = ACTION_FIRE_WEAPON;
    /** Marker for an absent {@code last_seen_input_tick}. */
    public static final long NO_TICK = -1L;

    /** Copies the action list. */
    public InputCommand {
        actions = List.copyOf(actions);
    }
}
