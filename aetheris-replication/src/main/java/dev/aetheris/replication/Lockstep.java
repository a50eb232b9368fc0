package dev.aetheris.replication;

import java.util.Arrays;

/**
 * Lets clients whose views are in step share one client's work. When every entity is
 * room-global and none has owner-only components ({@link EntityFrame#sameForEveryClientInARoom}),
 * what a client may see depends only on its room; a client that ended the previous send holding
 * every such entity up to date ({@link ClientView#syncedAt}) therefore gets, in this send, exactly
 * the leaves, enters and updates of any other such client of its room, provided its budget
 * covers them. The first such client of a send is replicated as usual while its offers are
 * recorded (the <em>reference</em>); the others are handed the recording and a copy of the
 * reference's known list, instead of walking, ranking and costing every entity again. Where
 * everyone sees everything (S1), that turns the per-client work from one pass over every entity
 * into a few array copies.
 *
 * <p>Sound only between clients whose costs are the same ({@link ReplicationEncoder#costGroup}):
 * the reference's cost is then every follower's, so a send keeps one reference per group. Exact
 * known-list order is not part of the equivalence: a follower adopts the
 * reference's.
 *
 * <p>Not thread-safe: the room's loop thread. Allocation-free once the recording has grown to
 * the largest send.
 */
final class Lockstep {
    private static final byte ENTER = 0;
    private static final byte UPDATE = 1;
    private static final byte LEAVE = 2;

    /** This send may repeat at all (the frame and the encoder allow it). */
    private boolean enabled;
    /** The tick of the previous send to this send's clients: followers must have been synced at it. */
    private long previousSend = ClientView.NEVER;
    private long sendTick = ClientView.NEVER;
    /** Cost groups with a reference of their own per send; clients of higher groups never follow. */
    static final int GROUPS = 4;
    private final ClientView[] reference = new ClientView[GROUPS];
    private final long[] referenceRoom = new long[GROUPS];
    /** Bytes each reference's offers cost: a follower's allowance must exceed it. */
    private final float[] referenceCost = new float[GROUPS];
    /** Per group, the recorded operations of its reference: [start, end) of the shared arrays. */
    private final int[] opsFrom = new int[GROUPS];
    private final int[] opsTo = new int[GROUPS];
    private ClientView recording;
    private int recordingGroup;

    private int ops;
    private byte[] kind = new byte[256];
    private int[] entity = new int[256];
    private long[] arg = new long[256];
    private long repeated;

    /**
     * A send at {@code tick} starts, to clients last sent to at {@code previous} ({@link ClientView#NEVER}
     * if never); followers are possible only if {@code enabled}.
     */
    void beginSend(long tick, long previous, boolean enabled) {
        previousSend = previous;
        sendTick = tick;
        this.enabled = enabled;
        Arrays.fill(reference, null);
        recording = null;
        ops = 0;
    }

    /**
     * Whether {@code v}, of cost group {@code group}, may this send have the offers of its group's
     * reference, given its allowance.
     */
    boolean canFollow(ClientView v, int group, float allowance) {
        return group >= 0 && group < GROUPS && reference[group] != null && v.syncedAt == previousSend
                && v.room == referenceRoom[group] && allowance > referenceCost[group];
    }

    /** Whether {@code v} is replicated as usual and its offers recorded, to lead the rest of its group. */
    boolean startRecording(ClientView v, int group) {
        if (!enabled || group < 0 || group >= GROUPS || reference[group] != null || v.syncedAt != previousSend
                || previousSend == ClientView.NEVER) {
            return false;
        }
        recording = v;
        recordingGroup = group;
        opsFrom[group] = ops;
        return true;
    }

    boolean isRecording() {
        return recording != null;
    }

    void recordEnter(int e, long mask) {
        record(ENTER, e, mask);
    }

    void recordUpdate(int e, long mask) {
        record(UPDATE, e, mask);
    }

    void recordLeave(long networkId) {
        record(LEAVE, 0, networkId);
    }

    private void record(byte k, int e, long a) {
        if (ops == kind.length) {
            int n = ops * 2;
            kind = Arrays.copyOf(kind, n);
            entity = Arrays.copyOf(entity, n);
            arg = Arrays.copyOf(arg, n);
        }
        kind[ops] = k;
        entity[ops] = e;
        arg[ops] = a;
        ops++;
    }

    /**
     * The recorded client's part of the send ended; it leads the send's followers if everything
     * it had to send went out ({@code deferred == 0}), having cost {@code cost} bytes of its allowance.
     */
    void stopRecording(ClientView v, float cost) {
        if (recording != v) {
            return;
        }
        recording = null;
        int g = recordingGroup;
        if (v.deferred == 0) {
            reference[g] = v;
            referenceRoom[g] = v.room;
            referenceCost[g] = cost;
            opsTo[g] = ops;
        } else {
            ops = opsFrom[g]; // no reference: its recording is dropped
        }
    }

    /** Marks {@code v} synced at this send if it ended holding every entity it may see, up to date. */
    void ended(ClientView v) {
        v.syncedAt = enabled && v.deferred == 0 ? sendTick : ClientView.NEVER;
    }

    /** Gives follower {@code v} its group's reference's offers and known list; the encoder has the client open. */
    void follow(ClientView v, int group, ReplicationEncoder encoder) {
        ClientView r = reference[group];
        if (!encoder.repeatOffers(r.clientId)) {
            for (int i = opsFrom[group]; i < opsTo[group]; i++) {
                switch (kind[i]) {
                    case ENTER -> encoder.enter(entity[i], arg[i]);
                    case UPDATE -> encoder.update(entity[i], arg[i]);
                    default -> encoder.leave(arg[i]);
                }
            }
        }
        v.copyKnownFrom(r);
        v.deferred = 0;
        v.syncedAt = sendTick;
        repeated++;
    }

    /** Clients whose offers repeated another's, since creation. */
    long repeated() {
        return repeated;
    }
}
