package dev.aetheris.protocol.component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link InputCommand} held in reusable primitive columns, so the tick decodes every client's
 * input without allocating: a decoder fills it ({@link #reset}, then {@code add*}), the world reads
 * it during {@code WorldState.applyInput} and must copy whatever it keeps, since the next decode
 * overwrites it.
 *
 * <p>Actions are numbered {@code 0 .. actionCount() - 1} in wire order; {@link #actionKind} says
 * which accessor applies ({@link #moveX}/{@link #moveY} for {@link #MOVE}, {@link #miningTarget}
 * for {@link #TOGGLE_MINING}). Values are as decoded: a world still validates them.
 *
 * <p><b>Threading.</b> Not thread-safe; one buffer per decoding thread. <b>Allocation.</b> None
 * once its columns hold the largest command seen ({@link #toCommand} allocates the record).
 */
public final class InputCommandBuffer {
    /** {@link PlayerInput.Move}: thrust along {@link #moveX}, {@link #moveY}. */
    public static final int MOVE = 0;
    /** {@link PlayerInput.ToggleMining}: the beam on {@link #miningTarget}. */
    public static final int TOGGLE_MINING = 1;
    /** {@link PlayerInput.FirePrimary}. */
    public static final int FIRE_PRIMARY = 2;

    private long tick;
    private long actionsMask;
    private long lastSeenInputTick = InputCommand.NO_TICK;
    private int count;
    private byte[] kind = new byte[4];
    private float[] x = new float[4];
    private float[] y = new float[4];
    private long[] target = new long[4];

    /** Starts a new command at input tick {@code tick}, with no actions, mask 0 and no last-seen tick. */
    public InputCommandBuffer reset(long tick) {
        this.tick = tick;
        count = 0;
        actionsMask = 0;
        lastSeenInputTick = InputCommand.NO_TICK;
        return this;
    }

    /** Appends a {@link #MOVE} action. */
    public void addMove(float moveX, float moveY) {
        int a = slot(MOVE);
        x[a] = moveX;
        y[a] = moveY;
    }

    /** Appends a {@link #TOGGLE_MINING} action on the asteroid {@code networkId}. */
    public void addToggleMining(long networkId) {
        int a = slot(TOGGLE_MINING); // before reading the field: slot may grow the arrays
        target[a] = networkId;
    }

    /** Appends a {@link #FIRE_PRIMARY} action. */
    public void addFirePrimary() {
        slot(FIRE_PRIMARY);
    }

    /** Sets the action bits (u32 on the wire; see {@link InputCommand#ALLOWED_ACTIONS_MASK}). */
    public void setActionsMask(long mask) {
        actionsMask = mask;
    }

    /** Sets the last server-acknowledged input tick ({@link InputCommand#NO_TICK} for none). */
    public void setLastSeenInputTick(long t) {
        lastSeenInputTick = t;
    }

    private int slot(int k) {
        if (count == kind.length) {
            int n = count * 2;
            kind = Arrays.copyOf(kind, n);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
            target = Arrays.copyOf(target, n);
        }
        kind[count] = (byte) k;
        return count++;
    }

    /** The client's input tick (u64), used for anti-replay. */
    public long tick() {
        return tick;
    }

    /** Action bits. */
    public long actionsMask() {
        return actionsMask;
    }

    /** The last server-acknowledged input tick, or {@link InputCommand#NO_TICK}. */
    public long lastSeenInputTick() {
        return lastSeenInputTick;
    }

    /** Actions in this command. */
    public int actionCount() {
        return count;
    }

    /** {@link #MOVE}, {@link #TOGGLE_MINING} or {@link #FIRE_PRIMARY}. */
    public int actionKind(int action) {
        return kind[checked(action)];
    }

    /** X axis of a {@link #MOVE} action. */
    public float moveX(int action) {
        return x[checked(action)];
    }

    /** Y axis of a {@link #MOVE} action. */
    public float moveY(int action) {
        return y[checked(action)];
    }

    /** Target of a {@link #TOGGLE_MINING} action. */
    public long miningTarget(int action) {
        return target[checked(action)];
    }

    private int checked(int action) {
        if (action < 0 || action >= count) {
            throw new IndexOutOfBoundsException("action " + action + " of " + count);
        }
        return action;
    }

    /** Fills this buffer with {@code command}; returns it. */
    public InputCommandBuffer set(InputCommand command) {
        reset(command.tick());
        for (PlayerInput a : command.actions()) {
            switch (a) {
                case PlayerInput.Move m -> addMove(m.x(), m.y());
                case PlayerInput.ToggleMining t -> addToggleMining(t.target());
                case PlayerInput.FirePrimary f -> addFirePrimary();
            }
        }
        setActionsMask(command.actionsMask());
        setLastSeenInputTick(command.lastSeenInputTick());
        return this;
    }

    /** The command as a record (allocates; for tools and tests, not the tick). */
    public InputCommand toCommand() {
        List<PlayerInput> actions = new ArrayList<>(count);
        for (int a = 0; a < count; a++) {
            actions.add(switch (kind[a]) {
                case MOVE -> new PlayerInput.Move(x[a], y[a]);
                case TOGGLE_MINING -> new PlayerInput.ToggleMining(target[a]);
                default -> new PlayerInput.FirePrimary();
            });
        }
        return new InputCommand(tick, actions, actionsMask, lastSeenInputTick);
    }
}
