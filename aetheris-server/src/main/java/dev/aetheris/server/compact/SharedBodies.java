package dev.aetheris.server.compact;

/**
 * Snapshot bodies already written in this send, for clients that need the same one. A body (the
 * bits after the header) depends only on the client's target and its baseline, so two clients
 * whose targets hold the same entries and whose baselines do too get the same bytes; only the
 * header (their own sequence and baseline distance) differs. Where everyone sees everything and
 * acks at about the same time (S1), a send writes a handful of bodies and copies them to every
 * other client.
 *
 * <p>Only bodies written whole (not cut by the frame, nothing waiting its turn) are kept, since
 * a cut depends on the client's frame limit and own entity. Holds {@link #WAYS} bodies per send,
 * replaced round robin; a match is checked entry by entry, never by hash alone.
 *
 * <p>Room-loop thread only; allocation-free once the buffers reach the largest body.
 */
final class SharedBodies {
    static final int WAYS = 8;
    private final long[] serial = new long[WAYS];
    private final EntryList[] target = new EntryList[WAYS];
    private final EntryList[] base = new EntryList[WAYS];
    private final EntryList[] snapshot = new EntryList[WAYS];
    private final byte[][] body = new byte[WAYS][];
    private final int[] length = new int[WAYS];
    private final int[] entries = new int[WAYS];
    private int next;
    private long reused;

    SharedBodies() {
        for (int i = 0; i < WAYS; i++) {
            body[i] = new byte[256];
        }
    }

    /**
     * The way holding a body written in send {@code send} for the same target and baseline
     * entries (baseline null = none), or -1.
     */
    int find(long send, EntryList t, EntryList b) {
        for (int w = 0; w < WAYS; w++) {
            if (serial[w] == send && EntryList.sameEntries(target[w], t) && EntryList.sameEntries(base[w], b)) {
                reused++;
                return w;
            }
        }
        return -1;
    }

    /**
     * Keeps the body {@code packet[from, from + len)} written in send {@code send} for target
     * {@code t} against baseline {@code b}, whose stored snapshot is {@code snap}. The lists are
     * referenced, not copied: none of them changes again before the next send.
     */
    void keep(long send, EntryList t, EntryList b, EntryList snap, byte[] packet, int from, int len, int count) {
        int w = next;
        next = (next + 1) % WAYS;
        if (body[w].length < len) {
            body[w] = new byte[Math.max(len, body[w].length * 2)];
        }
        System.arraycopy(packet, from, body[w], 0, len);
        serial[w] = send;
        target[w] = t;
        base[w] = b;
        snapshot[w] = snap;
        length[w] = len;
        entries[w] = count;
    }

    /** Body bytes of way {@code w}. */
    int length(int w) {
        return length[w];
    }

    /** Entries in the body of way {@code w}. */
    int entries(int w) {
        return entries[w];
    }

    /** The snapshot the body of way {@code w} leaves a client holding. */
    EntryList snapshot(int w) {
        return snapshot[w];
    }

    /** Copies the body of way {@code w} into {@code packet} at {@code at}. */
    void copyTo(int w, byte[] packet, int at) {
        System.arraycopy(body[w], 0, packet, at, length[w]);
    }

    /** Snapshots whose body was copied instead of written, since creation. */
    long reused() {
        return reused;
    }
}
