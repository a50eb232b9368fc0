package dev.aetheris.server.compact;

/**
 * Delta entries already written, keyed by entity, target version and baseline version (with the
 * component masks of both): two clients whose baselines hold an entity at the same version need
 * the same bits after the id gap, so every client after the first copies them instead of
 * comparing and tiering every field again. When many clients see the same entities (S1: every
 * client sees everything and acks about the same snapshot), most entries become one or two word
 * writes. Full entries are kept too, as deltas against version 0 (no baseline).
 *
 * <p>Versions are send serials of the encoder's {@link QuantizedHistory}, never reused, so an
 * entry stays correct for as long as it sits here. Each entity has {@link #WAYS} slots, picked by
 * the baseline version's low bits (clients' baselines of one entity are a few consecutive
 * versions), each one 64-byte run of a single array (a lookup touches one cache line); a
 * collision only costs the recomputation. The slots grow, doubling, with the highest entity index
 * looked up, so a room pays for the entities it has. Only bodies of at most {@link #MAX_BITS}
 * bits are kept.
 *
 * <p>Room-loop thread only; allocation-free once grown.
 */
final class DeltaCache {
    static final int MAX_BITS = 128;
    /** Slots per entity: a power of two. */
    static final int WAYS = 4;
    /** Per slot: entity index and body length + 1 (0 = empty), id, target, base, masks, two body words. */
    private static final int WORDS = 8;
    private long[] slots = new long[64 * WAYS * WORDS];
    /** Lookups and hits in the current window; below a quarter hit, lookups pause for a while. */
    private int lookups;
    private int hits;
    private int paused;
    private long totalLookups;
    private long totalHits;
    private static final int WINDOW = 4096;
    private static final int PAUSE = 64 * WINDOW;

    private int slot(int e, long vb) {
        int s = (e * WAYS + (int) (vb & (WAYS - 1))) * WORDS;
        if (s >= slots.length) {
            slots = java.util.Arrays.copyOf(slots, Math.max(s + WAYS * WORDS, slots.length * 2));
        }
        return s;
    }

    /**
     * Whether lookups are worth making now: when clients rarely share baselines (each sees other
     * entities, or acks at other times) a miss only costs a cache line, so after a window with
     * under a quarter of hits the cache stands aside for {@link #PAUSE} deltas, then tries again.
     */
    boolean active() {
        if (paused > 0) {
            paused--;
            return false;
        }
        return true;
    }

    /** The slot holding this delta, or -1. */
    int find(int e, long networkId, long vt, long vb, long mt, long mb) {
        int s = slot(e, vb);
        long head = slots[s];
        boolean hit = (int) head == e && head >>> 32 != 0 && slots[s + 1] == networkId && slots[s + 2] == vt
                && slots[s + 3] == vb && slots[s + 4] == mt && slots[s + 5] == mb;
        totalLookups++;
        if (hit) {
            hits++;
            totalHits++;
        }
        if (++lookups == WINDOW) {
            if (hits < WINDOW / 4) {
                paused = PAUSE;
            }
            lookups = 0;
            hits = 0;
        }
        return hit ? s : -1;
    }

    /** Lookups made since creation (none while paused). */
    long lookups() {
        return totalLookups;
    }

    /** Lookups that found their entry, since creation. */
    long hits() {
        return totalHits;
    }

    /** Body bits of a found slot (0 = nothing differs). */
    int length(int s) {
        return (int) (slots[s] >>> 32) - 1;
    }

    /** Body bits {@code 64 * w} onward of a found slot. */
    long word(int s, int w) {
        return slots[s + 6 + w];
    }

    /** Keeps a body of {@code bits} (≤ {@link #MAX_BITS}) whose words are {@code w0}, {@code w1}. */
    void put(int e, long networkId, long vt, long vb, long mt, long mb, int bits, long w0, long w1) {
        int s = slot(e, vb);
        slots[s] = (e & 0xFFFFFFFFL) | (long) (bits + 1) << 32;
        slots[s + 1] = networkId;
        slots[s + 2] = vt;
        slots[s + 3] = vb;
        slots[s + 4] = mt;
        slots[s + 5] = mb;
        slots[s + 6] = w0;
        slots[s + 7] = w1;
    }
}
