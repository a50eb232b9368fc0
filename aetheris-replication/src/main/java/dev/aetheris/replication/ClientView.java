package dev.aetheris.replication;

import java.util.Arrays;

/**
 * What one client knows: the entities it has been told about (or is about to be), the tick each
 * was last sent, a priority accumulator per entity, its room, its focus (the entity it sees
 * from, its ship) and its budget balance. Created and updated by {@link Replicator}; the read
 * accessors serve metrics, tests and tools.
 *
 * <p><b>Threading.</b> Not thread-safe; the room's loop thread only.
 *
 * <p><b>Allocation.</b> The known list grows (amortised) when a client sees more entities than
 * ever before; otherwise nothing is allocated.
 */
public final class ClientView {
    /** {@link #lastSent} of an entity the client has not been sent yet (its enter is pending). */
    static final long NEVER = Long.MIN_VALUE;

    final long clientId;
    long room;
    long focus;
    float focusX;
    float focusY;
    boolean hasPosition;
    /** Sends between enter scans are spread over clients by this phase; a new room or focus scans at once. */
    int scanPhase;
    /** The calls of {@link Replicator#replicate} that send to this client: those where calls % phases equals it. */
    int sendPhase;
    boolean scanNow = true;

    /** Bit {@code e} set: store index {@code e} is in the known list. */
    final long[] knownBits;
    int knownCount;
    int[] index = new int[64];
    long[] networkId = new long[64];
    long[] lastSent = new long[64];
    float[] priority = new float[64];

    float balance;
    int capacity = Integer.MAX_VALUE;
    int lastBytes;
    long totalBytes;
    int deferred;
    /**
     * The tick of the send after which the client held every entity it may see, up to date, in
     * a frame where that depends on the room alone ({@link Lockstep}); {@link #NEVER} otherwise.
     */
    long syncedAt = NEVER;

    ClientView(long clientId, int storeCapacity) {
        this.clientId = clientId;
        knownBits = new long[(storeCapacity + 63) >>> 6];
    }

    /** The client's id. */
    public long clientId() {
        return clientId;
    }

    /** The room the client is in, or 0. */
    public long room() {
        return room;
    }

    /** The entity the client sees from (its ship), or 0. */
    public long focus() {
        return focus;
    }

    /** Entities the client knows or is about to be sent. */
    public int knownCount() {
        return knownCount;
    }

    /** Whether the client has been sent (and not since told to forget) entity {@code networkId}. */
    public boolean knows(long networkId) {
        for (int k = 0; k < knownCount; k++) {
            if (this.networkId[k] == networkId) {
                return lastSent[k] != NEVER;
            }
        }
        return false;
    }

    /** Bytes queued for the client by the latest send. */
    public int lastSendBytes() {
        return lastBytes;
    }

    /** Bytes queued for the client since it was added. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Entities with something to send that did not fit the latest send. */
    public int deferredCount() {
        return deferred;
    }

    boolean isKnown(int e) {
        return (knownBits[e >>> 6] & (1L << e)) != 0;
    }

    void add(int e, long id, float initialPriority) {
        if (knownCount == index.length) {
            int n = knownCount * 2;
            index = Arrays.copyOf(index, n);
            networkId = Arrays.copyOf(networkId, n);
            lastSent = Arrays.copyOf(lastSent, n);
            priority = Arrays.copyOf(priority, n);
        }
        int k = knownCount++;
        index[k] = e;
        networkId[k] = id;
        lastSent[k] = NEVER;
        priority[k] = initialPriority;
        knownBits[e >>> 6] |= 1L << e;
    }

    /** Removes entry {@code k} by moving the last entry into it. */
    void removeAt(int k) {
        int e = index[k];
        knownBits[e >>> 6] &= ~(1L << e);
        int last = --knownCount;
        index[k] = index[last];
        networkId[k] = networkId[last];
        lastSent[k] = lastSent[last];
        priority[k] = priority[last];
    }

    /** Makes this view know exactly what {@code other} knows, as {@code other} knows it. */
    void copyKnownFrom(ClientView other) {
        int n = other.knownCount;
        if (index.length < n) {
            int size = other.index.length;
            index = new int[size];
            networkId = new long[size];
            lastSent = new long[size];
            priority = new float[size];
        }
        System.arraycopy(other.index, 0, index, 0, n);
        System.arraycopy(other.networkId, 0, networkId, 0, n);
        System.arraycopy(other.lastSent, 0, lastSent, 0, n);
        System.arraycopy(other.priority, 0, priority, 0, n);
        System.arraycopy(other.knownBits, 0, knownBits, 0, knownBits.length);
        knownCount = n;
    }

    void clear() {
        Arrays.fill(knownBits, 0L);
        knownCount = 0;
    }
}
