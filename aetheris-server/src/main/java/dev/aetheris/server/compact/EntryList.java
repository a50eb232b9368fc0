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

    void clear(long sequence) {
        seq = sequence;
        count = 0;
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
    }

    void copy(EntryList from, int i) {
        add(from.id[i], from.index[i], from.version[i], from.mask[i]);
    }
}
