package dev.aetheris.server.compact;

/**
 * Delta entries already written, keyed by entity, target version and baseline version (with the
 * component masks of both): two clients whose baselines hold an entity at the same version need
 * the same bits after the id gap, so every client after the first copies them instead of
 * comparing and tiering every field again. When many clients see the same entities (S1: every
 * client sees everything and acks about the same snapshot), most entries become one or two word
 * writes.
 *
 * <p>Versions are send serials of the encoder's {@link QuantizedHistory}, never reused, so an
 * entry stays correct for as long as it sits here. Direct-mapped and of fixed size: a collision
 * only costs the recomputation. Only bodies of at most {@link #MAX_BITS} bits are kept.
 *
 * <p>Room-loop thread only; allocation-free.
 */
final class DeltaCache {
    static final int MAX_BITS = 128;
    private static final int SIZE = 1 << 13;

    private final int[] index = new int[SIZE];
    private final long[] id = new long[SIZE];
    private final long[] target = new long[SIZE];
    private final long[] base = new long[SIZE];
    private final long[] masks = new long[SIZE * 2];
    private final long[] words = new long[SIZE * 2];
    /** Body length in bits; 0 = nothing differs; -1 = empty slot. */
    private final int[] length = new int[SIZE];

    DeltaCache() {
        java.util.Arrays.fill(length, -1);
    }

    private static int slot(int e, long vb) {
        long h = (e * 0x9E3779B97F4A7C15L) ^ (vb * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 29)) & (SIZE - 1);
    }

    /** The slot holding this delta, or -1. */
    int find(int e, long networkId, long vt, long vb, long mt, long mb) {
        int s = slot(e, vb);
        return length[s] >= 0 && index[s] == e && id[s] == networkId && target[s] == vt && base[s] == vb
                && masks[2 * s] == mt && masks[2 * s + 1] == mb ? s : -1;
    }

    /** Body bits of a found slot (0 = nothing differs). */
    int length(int s) {
        return length[s];
    }

    /** Body bits {@code 64 * w} onward of a found slot. */
    long word(int s, int w) {
        return words[2 * s + w];
    }

    /** Keeps a body of {@code bits} (≤ {@link #MAX_BITS}) whose words are {@code w0}, {@code w1}. */
    void put(int e, long networkId, long vt, long vb, long mt, long mb, int bits, long w0, long w1) {
        int s = slot(e, vb);
        index[s] = e;
        id[s] = networkId;
        target[s] = vt;
        base[s] = vb;
        masks[2 * s] = mt;
        masks[2 * s + 1] = mb;
        words[2 * s] = w0;
        words[2 * s + 1] = w1;
        length[s] = bits;
    }
}
