package dev.aetheris.world;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.seam.InputVerdict;

/**
 * The input system: validates a client's command for its session ship and sets the pilot's
 * stick, trigger and beam. Rejects NaN/∞ axes, unknown action bits, more than
 * {@link Sizes#MAX_INPUT_ACTIONS} actions and input ticks outside the anti-replay window (upstream
 * rule, including its resync after a long gap); every check runs before any state changes.
 */
final class Input {
    /** Anti-replay window for input ticks, as upstream. */
    static final long TICK_WINDOW = 600;

    private final Entities e;
    private final Mining mining;
    private final int timeoutTicks;

    Input(Entities e, Mining mining) {
        this.e = e;
        this.mining = mining;
        timeoutTicks = e.config.ticks(e.config.inputTimeoutSeconds());
    }

    InputVerdict apply(long clientId, long networkId, InputCommandBuffer input) {
        int i = e.indexOf(networkId);
        if (i < 0) {
            return InputVerdict.NO_SUCH_ENTITY;
        }
        if (!e.session[i] || e.store.owner(i) != clientId || clientId == 0) {
            return InputVerdict.NOT_YOUR_SHIP;
        }
        int n = input.actionCount();
        if (n > Sizes.MAX_INPUT_ACTIONS) {
            return InputVerdict.TOO_MANY_ACTIONS;
        }
        long mask = input.actionsMask();
        if ((mask & ~InputCommand.ALLOWED_ACTIONS_MASK) != 0 || mask < 0 || mask > 0xFFFF_FFFFL) {
            return InputVerdict.UNKNOWN_ACTION_BITS;
        }
        for (int a = 0; a < n; a++) {
            if (input.actionKind(a) == InputCommandBuffer.MOVE
                    && (!Float.isFinite(input.moveX(a)) || !Float.isFinite(input.moveY(a)))) {
                return InputVerdict.NON_FINITE_AXIS;
            }
        }
        long t = input.tick();
        InputVerdict tick = checkTick(t, e.lastClientTick[i]);
        if (!tick.accepted()) {
            return tick;
        }
        e.lastClientTick[i] = t;
        e.inputDeadline[i] = e.tick() + timeoutTicks;
        e.flags[i] |= Entities.F_DEADLINE;
        float mx = 0f;
        float my = 0f;
        boolean fireNow = (mask & InputCommand.ACTION_FIRE_WEAPON) != 0;
        for (int a = 0; a < n; a++) {
            switch (input.actionKind(a)) {
                case InputCommandBuffer.MOVE -> {
                    mx = clampAxis(input.moveX(a));
                    my = clampAxis(input.moveY(a));
                }
                case InputCommandBuffer.TOGGLE_MINING -> mining.toggle(i, input.miningTarget(a));
                default -> fireNow = true;
            }
        }
        e.moveX[i] = mx;
        e.moveY[i] = my;
        e.fire[i] = fireNow;
        e.wake(i);
        return InputVerdict.ACCEPTED;
    }

    private InputVerdict checkTick(long t, long last) {
        long now = e.tick();
        if (t < 0) {
            return InputVerdict.TICK_OUT_OF_RANGE;
        }
        boolean accepted;
        if (last < 0) {
            accepted = t <= now + TICK_WINDOW;
        } else if (t > last && t - last <= TICK_WINDOW) {
            accepted = true;
        } else {
            // Resync after a long gap: the client's clock is near ours while the stored tick is not.
            accepted = Math.abs(t - now) <= TICK_WINDOW && Math.abs(last - now) > TICK_WINDOW;
        }
        if (accepted) {
            return InputVerdict.ACCEPTED;
        }
        return t <= last ? InputVerdict.REPLAYED_TICK : InputVerdict.TICK_OUTSIDE_WINDOW;
    }

    private static float clampAxis(float v) {
        return v < -1f ? -1f : (v > 1f ? 1f : v);
    }
}
