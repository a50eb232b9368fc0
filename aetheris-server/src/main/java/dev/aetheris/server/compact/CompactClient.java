package dev.aetheris.server.compact;

import java.util.Arrays;

/**
 * One v2 client's state in the encoder: its target (what it should hold after this send), the
 * ring of snapshots sent to it (any may become the baseline), its newest ack, and this send's
 * enters and leaves. Room-loop thread only.
 */
final class CompactClient {
    static final int RING = 32;

    final long clientId;
    /** What the client should hold after this send (held; possibly another client's list too). */
    EntryList target = new EntryList();
    /** The target before the latest rebuild or repeat (held). */
    EntryList previousTarget = new EntryList();
    /** The snapshots sent to it, by sequence modulo {@link #RING} (held; null = none). */
    final EntryList[] ring = new EntryList[RING];
    /** The sequence of each {@link #ring} entry; -1 = none. */
    final long[] ringSeq = new long[RING];
    long lastSent;
    /** Sends this client has been part of (whether or not a snapshot went out). */
    long sends;
    long acked;
    boolean schemaSent;
    /** The last snapshot sent holds exactly the target (it was not cut short by the frame size). */
    boolean synced = true;
    /**
     * Where the next snapshot starts writing after one was cut short by the frame (0 = from the
     * first id): entries below it wait one snapshot, so a frame that is always too small still
     * reaches every entity in turn instead of always the lowest ids.
     */
    long resumeId;
    int updateCount;
    /** The encoder send in which {@link #target} was last rebuilt; {@link #previousTarget} then holds the one before. */
    long targetSerial;
    /** This send's target is already built (it repeated another client's). */
    boolean targetReady;

    int enterCount;
    int[] enterIndex = new int[16];
    long[] enterId = new long[16];
    long[] enterMask = new long[16];
    int leaveCount;
    long[] leaveId = new long[16];

    CompactClient(long clientId) {
        this.clientId = clientId;
        java.util.Arrays.fill(ringSeq, -1);
    }

    void beginSend() {
        sends++;
        enterCount = 0;
        leaveCount = 0;
        updateCount = 0;
        targetReady = false;
    }

    /** Nothing new this send and the client acked the snapshot that holds its whole target. */
    boolean upToDate() {
        return enterCount == 0 && leaveCount == 0 && updateCount == 0 && synced && acked == lastSent;
    }

    void enter(int e, long id, long mask) {
        if (enterCount == enterIndex.length) {
            int n = enterCount * 2;
            enterIndex = Arrays.copyOf(enterIndex, n);
            enterId = Arrays.copyOf(enterId, n);
            enterMask = Arrays.copyOf(enterMask, n);
        }
        enterIndex[enterCount] = e;
        enterId[enterCount] = id;
        enterMask[enterCount] = mask;
        enterCount++;
    }

    void leave(long id) {
        if (leaveCount == leaveId.length) {
            leaveId = Arrays.copyOf(leaveId, leaveCount * 2);
        }
        leaveId[leaveCount++] = id;
    }

    /** Sorts this send's enters by id (insertion sort: a handful per send) and leaves. */
    void sortPending() {
        for (int i = 1; i < enterCount; i++) {
            int e = enterIndex[i];
            long id = enterId[i];
            long m = enterMask[i];
            int j = i - 1;
            while (j >= 0 && enterId[j] > id) {
                enterIndex[j + 1] = enterIndex[j];
                enterId[j + 1] = enterId[j];
                enterMask[j + 1] = enterMask[j];
                j--;
            }
            enterIndex[j + 1] = e;
            enterId[j + 1] = id;
            enterMask[j + 1] = m;
        }
        Arrays.sort(leaveId, 0, leaveCount);
    }

    /** The acked snapshot usable as baseline for snapshot {@code seq}, or null. */
    EntryList baseline(long seq) {
        if (acked == 0 || seq - acked > dev.aetheris.codec.compact.SnapshotFormat.MAX_BASE_DISTANCE) {
            return null;
        }
        int s = (int) (acked % RING);
        return ringSeq[s] == acked ? ring[s] : null;
    }

    /** Keeps {@code snapshot} (already held for this client) as the one sent with {@code seq}; lets go of the one it replaces. */
    void store(long seq, EntryList snapshot, EntryLists lists) {
        int s = (int) (seq % RING);
        lists.letGo(ring[s]);
        ring[s] = snapshot;
        ringSeq[s] = seq;
    }

    /** Lets go of every list it holds (it disconnected). */
    void letGoAll(EntryLists lists) {
        lists.letGo(target);
        lists.letGo(previousTarget);
        for (int i = 0; i < RING; i++) {
            lists.letGo(ring[i]);
            ring[i] = null;
            ringSeq[i] = -1;
        }
        target = null;
        previousTarget = null;
    }

    void acknowledge(long seq) {
        if (seq > acked && seq <= lastSent) {
            acked = seq;
        }
    }
}
