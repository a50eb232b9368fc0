package dev.aetheris.server.compact;

import java.util.Arrays;

/**
 * Entities a client holds, ascending by network id: store index, version of its values
 * ({@link QuantizedHistory}) and the components it sees. A snapshot (what a client has after
 * decoding one) and a client's target state are both entry lists. Room-loop thread only; grows
 * amortised.
 *
 * <p>A list is built by {@link #clear} then {@link #add}/{@link #copy}, or as a whole by
 * {@link #copyAll}, and not changed again until the next {@code clear}. Each build gets a content
 * id from its owner's counter, which copies inherit: lists with the same id hold the same entries
 * without comparing them (the usual case where clients share their state, as copies of one
 * client's lists).
 */
final class EntryList {
    long seq;
    int count;
    long[] id = new long[32];
    int[] index = new int[32];
    long[] version = new long[32];
    long[] mask = new long[32];
    /** A hash of the entries, kept as they are added (equal lists hash equal; see {@link #sameEntries}). */
    long hash;
    /** Which build the entries come from (0: never built, so empty); see the class comment. */
    long content;
    /** Copied whole: nothing may be added until the next {@link #clear}. */
    private boolean sealed;

    /** Starts a new build of this list, whose content id is {@code build} (unique per owner and build). */
    void clear(long sequence, long build) {
        seq = sequence;
        count = 0;
        hash = 0;
        content = build;
        sealed = false;
    }

    void add(long networkId, int storeIndex, long ver, long components) {
        assert !sealed : "entries added to a list copied whole";
        if (count == id.length) {
            int n = count * 2;
            id = Arrays.copyOf(id, n);
            index = Arrays.copyOf(index, n);
            version = Arrays.copyOf(version, n);
            mask = Arrays.copyOf(mask, n);
        }
        id[count] = networkId;
        index[count] = storeIndex;
        version[count] = ver;
        mask[count] = components;
        count++;
        hash = (hash + networkId * 0x9E3779B97F4A7C15L + ver * 0xC2B2AE3D27D4EB4FL + components + storeIndex)
                * 0x165667B19E3779F9L;
    }

    void copy(EntryList from, int i) {
        add(from.id[i], from.index[i], from.version[i], from.mask[i]);
    }

    /** Makes this list hold exactly {@code from}'s entries (its sequence stays). */
    void copyAll(EntryList from) {
        int n = from.count;
        if (id.length < n) {
            id = new long[from.id.length];
            index = new int[from.id.length];
            version = new long[from.id.length];
            mask = new long[from.id.length];
        }
        System.arraycopy(from.id, 0, id, 0, n);
        System.arraycopy(from.index, 0, index, 0, n);
        System.arraycopy(from.version, 0, version, 0, n);
        System.arraycopy(from.mask, 0, mask, 0, n);
        count = n;
        hash = from.hash;
        content = from.content;
        sealed = true;
    }

    /**
     * Records that this finished list holds exactly {@code other}'s entries, built entry by entry
     * (a snapshot written whole holds its target's): it takes {@code other}'s content id. Does
     * nothing if their counts or hashes differ.
     */
    void sameBuildAs(EntryList other) {
        if (count == other.count && hash == other.hash) {
            assert equalEntries(this, other) : "a list claimed to hold another's entries does not";
            content = other.content;
            sealed = true;
        }
    }

    /** Whether both lists (either may be null) hold the same entries. */
    static boolean sameEntries(EntryList a, EntryList b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.count != b.count || a.hash != b.hash) {
            return false;
        }
        if (a.content == b.content) {
            return true; // copies of one build
        }
        return equalEntries(a, b);
    }

    private static boolean equalEntries(EntryList a, EntryList b) {
        int n = a.count;
        return Arrays.equals(a.id, 0, n, b.id, 0, n) && Arrays.equals(a.version, 0, n, b.version, 0, n)
                && Arrays.equals(a.mask, 0, n, b.mask, 0, n) && Arrays.equals(a.index, 0, n, b.index, 0, n);
    }
}
