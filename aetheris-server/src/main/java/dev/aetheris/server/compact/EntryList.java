package dev.aetheris.server.compact;

import java.util.Arrays;

/**
 * Entities a client holds, ascending by network id: store index, version of its values
 * ({@link QuantizedHistory}) and the components it sees. A snapshot (what a client has after
 * decoding one) and a client's target state are both entry lists. Room-loop thread only; grows
 * amortised.
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

    void clear(long sequence) {
        seq = sequence;
        count = 0;
        hash = 0;
    }

    void add(long networkId, int storeIndex, long ver, long components) {
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
    }

    /** Whether both lists (either may be null) hold the same entries. */
    static boolean sameEntries(EntryList a, EntryList b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.count != b.count || a.hash != b.hash) {
            return false;
        }
        int n = a.count;
        return Arrays.equals(a.id, 0, n, b.id, 0, n) && Arrays.equals(a.version, 0, n, b.version, 0, n)
                && Arrays.equals(a.mask, 0, n, b.mask, 0, n) && Arrays.equals(a.index, 0, n, b.index, 0, n);
    }
}
