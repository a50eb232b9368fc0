package dev.aetheris.replication;

/**
 * Orders client views along a Z-order curve over interest-radius cells of where each client was
 * at its last send. Neighbours see mostly the same entities, so visiting them one after the
 * other keeps those entities' store, history and encoder rows in cache across clients instead
 * of fetching them again for every viewer.
 *
 * <p>Stateless; allocation-free.
 */
final class SpaceOrder {
    private SpaceOrder() {
    }

    /**
     * Sorts {@code views[0, count)} by their Z-order key, kept in {@code key} (parallel to views).
     * Clients move little between sends, so the insertion sort does little more than one pass.
     */
    static void sort(ClientView[] views, long[] key, int count, float cell) {
        for (int i = 0; i < count; i++) {
            ClientView v = views[i];
            key[i] = v.hasPosition ? zOrder(v.focusX / cell, v.focusY / cell) : Long.MAX_VALUE;
        }
        for (int i = 1; i < count; i++) {
            long k = key[i];
            if (k >= key[i - 1]) {
                continue;
            }
            ClientView v = views[i];
            int j = i - 1;
            while (j >= 0 && key[j] > k) {
                key[j + 1] = key[j];
                views[j + 1] = views[j];
                j--;
            }
            key[j + 1] = k;
            views[j + 1] = v;
        }
    }

    /** Interleaves the bits of two cell coordinates (clamped to 16 bits each, offset so the key is never negative). */
    static long zOrder(float cx, float cy) {
        return spread(cell16(cx)) | spread(cell16(cy)) << 1;
    }

    private static int cell16(float c) {
        return (int) Math.max(0, Math.min(0xFFFF, Math.floor(c) + 0x8000));
    }

    private static long spread(int c) {
        long v = c;
        v = (v | v << 8) & 0x00FF_00FFL;
        v = (v | v << 4) & 0x0F0F_0F0FL;
        v = (v | v << 2) & 0x3333_3333L;
        return (v | v << 1) & 0x5555_5555L;
    }
}
