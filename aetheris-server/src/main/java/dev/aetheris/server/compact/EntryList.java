package dev.aetheris.server.compact;

import java.util.Arrays;

/**
 * Entities a client holds, ascending by network id: store index, version of its values
 * ({@link QuantizedHistory}) and the components it sees. A snapshot (what a client has after
 * decoding one) and a client's target state are both entry lists. Room-loop thread only; grows
 * amortised.
 *
 * <p>A list is built once, by {@link #clear} then {@link #add}/{@link #copy}, right after it is
 * taken from its {@link EntryLists} pool, and only read after that, so any number of clients may
 * hold it (a target or snapshot they share: {@link #refs} counts them) until the last lets go and
 * it returns to the pool. Each build gets a content id from its owner's counter: lists with the
 * same id hold the same entries without comparing them.
 */
final class EntryList {
    int count;
    long[] id = new long[32];
    int[] index = new int[32];
    long[] version = new long[32];
    long[] mask = new long[32];
    /** A hash of the entries, kept as they are added (equal lists hash equal; see {@link #sameEntries}). */
    long hash;
    /** Which build the entries come from (0: never built, so empty); see the class comment. */
    long content;
    /** Holders of this list ({@link EntryLists}); it is built only while it has one, its taker. */
    int refs = 1;
    /** Finished: nothing may be added until the next {@link #clear}. */
    private boolean sealed;

    /** Starts a new build of this list, whose content id is {@code build} (unique per owner and build). */
    void clear(long build) {
        assert refs == 1 : "a list held by " + refs + " is built again";
        count = 0;
        hash = 0;
        content = build;
        sealed = false;
    }

    /** The build is complete: from now on the list is only read. */
    void seal() {
        sealed = true;
    }

    void add(long networkId, int storeIndex, long ver, long components) {
        assert !sealed : "entries added to a finished list";
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

    /** Adds {@code from}'s first {@code n} entries, in order (as {@code n} calls of {@link #copy}). */
    void copyFirst(EntryList from, int n) {
        for (int i = 0; i < n; i++) {
            copy(from, i);
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
