package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.Session;
import dev.aetheris.protocol.seam.WorldState;
import java.util.Arrays;

/** What the room loop knows about one connection. Room-loop thread only. */
final class ClientState {
    final long id;
    /** Null until a valid Auth. */
    Session session;
    /** When Auth succeeded (for the Auth→Possession histogram); 0 once recorded. */
    long authNanos;
    /** The session ship, or 0. */
    long ship;
    /** Entities this client owns (ship and playground spawns), despawned when it leaves. */
    private long[] owned = new long[4];
    private int ownedCount;
    /** The room the client saw last tick, to notice room changes. */
    long room = WorldState.NO_ROOM;
    /** Send the full visible state instead of this tick's changes. */
    boolean needsFullState;
    /** Frame size class for state: {@link Packer#DATAGRAM} or {@link Packer#STREAM}. */
    int frameClass;
    /** The client sent a codec v2 HELLO before Auth: its state travels as v2 snapshots. */
    boolean compact;
    /** The latest v2 ack the client sent (INPUT header), 0 = none; the encoder keeps the newest valid one. */
    long snapshotAck;
    /**
     * Hashes of the last inputs the world accepted from this client (entity and payload bytes):
     * clients repeat their last few inputs in every packet, so most records are copies of inputs
     * already applied, which the world would refuse as replays.
     */
    private final long[] appliedInputs = new long[4];
    private int appliedInputNext;
    /** Per-recipient fragment message ids. */
    long nextFragmentId = 1;
    /** Its JoinRoom was granted: it holds a seat in this room. */
    boolean seated;
    /** An Auth of this connection is in the verifier; at most one at a time. */
    boolean authPending;
    /** The token of an Auth waiting for room in the verifier, or null. */
    String deferredToken;
    /** Auths that failed on this connection; it is closed at {@link ClientRegistry#MAX_AUTH_FAILURES}. */
    int authFailures;
    /**
     * Messages that arrived while the Auth was checked ({@code [u16 length][bytes]}…), replayed
     * in order once it is accepted, dropped if it fails. Allocated on first use, bounded.
     */
    byte[] held;
    int heldBytes;

    ClientState(long id) {
        this.id = id;
    }

    boolean authenticated() {
        return session != null;
    }

    void own(long networkId) {
        if (ownedCount == owned.length) {
            owned = Arrays.copyOf(owned, ownedCount * 2);
        }
        owned[ownedCount++] = networkId;
    }

    int ownedCount() {
        return ownedCount;
    }

    long owned(int i) {
        return owned[i];
    }

    void clearOwned() {
        ownedCount = 0;
        ship = 0;
    }

    /** Whether an input with this hash (never 0, which marks an empty slot) was accepted lately. */
    boolean inputAppliedLately(long hash) {
        long[] a = appliedInputs;
        return a[0] == hash || a[1] == hash || a[2] == hash || a[3] == hash;
    }

    /** Remembers an accepted input's hash (the last four are kept). */
    void inputAccepted(long hash) {
        appliedInputs[appliedInputNext] = hash;
        appliedInputNext = (appliedInputNext + 1) & 3;
    }
}
