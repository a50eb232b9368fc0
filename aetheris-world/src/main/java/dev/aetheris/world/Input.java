package dev.aetheris.world;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import java.util.List;

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

    void apply(long clientId, long networkId, InputCommand input) throws WorldException {
        int i = e.indexOf(networkId);
        if (i < 0) {
            throw new WorldException(new WorldError.EntityNotFound(networkId));
        }
        if (!e.session[i] || e.store.owner(i) != clientId || clientId == 0) {
            throw invalid("entity " + Long.toUnsignedString(networkId) + " is not the session ship of this client");
        }
        List<PlayerInput> actions = input.actions();
        int n = actions.size();
        if (n > Sizes.MAX_INPUT_ACTIONS) {
            throw invalid(n + " actions exceed the limit of " + Sizes.MAX_INPUT_ACTIONS);
        }
        long mask = input.actionsMask();
        if ((mask & ~InputCommand.ALLOWED_ACTIONS_MASK) != 0 || mask < 0 || mask > 0xFFFF_FFFFL) {
            throw invalid("unknown action bits 0x" + Long.toHexString(mask & ~InputCommand.ALLOWED_ACTIONS_MASK));
        }
        for (int a = 0; a < n; a++) {
            if (actions.get(a) instanceof PlayerInput.Move m && (!Float.isFinite(m.x()) || !Float.isFinite(m.y()))) {
                throw invalid("move axes must be finite, got (" + m.x() + ", " + m.y() + ")");
            }
        }
        long t = input.tick();
        checkTick(t, e.lastClientTick[i]);
        e.lastClientTick[i] = t;
        e.inputDeadline[i] = e.tick() + timeoutTicks;
        e.flags[i] |= Entities.F_DEADLINE;
        float mx = 0f;
        float my = 0f;
        boolean fireNow = (mask & InputCommand.ACTION_FIRE_WEAPON) != 0;
        for (int a = 0; a < n; a++) {
            switch (actions.get(a)) {
                case PlayerInput.Move m -> {
                    mx = clampAxis(m.x());
                    my = clampAxis(m.y());
                }
                case PlayerInput.ToggleMining tm -> mining.toggle(i, tm.target());
                case PlayerInput.FirePrimary fp -> fireNow = true;
            }
        }
        e.moveX[i] = mx;
        e.moveY[i] = my;
        e.fire[i] = fireNow;
        e.wake(i);
    }

    private void checkTick(long t, long last) throws WorldException {
        long now = e.tick();
        if (t < 0) {
            throw invalid("input tick " + Long.toUnsignedString(t) + " is out of range");
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
        if (!accepted) {
            throw invalid(t <= last
                    ? "input tick " + t + " replays or precedes the last accepted tick " + last
                    : "input tick " + t + " is outside the " + TICK_WINDOW + "-tick window");
        }
    }

    static WorldException invalid(String reason) {
        return new WorldException(new WorldError.InvalidInput(reason));
    }

    private static float clampAxis(float v) {
        return v < -1f ? -1f : (v > 1f ? 1f : v);
    }
}
