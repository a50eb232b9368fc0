package dev.aetheris.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded FIFO of byte messages copied into one reused arena, so steady-state traffic through
 * the in-memory transport allocates nothing on the sending thread. It is only ever emptied whole
 * ({@link #drain}, {@link #discard}), so a client drained every tick gets its messages packed
 * into the same few cache-warm kilobytes; the arena doubles when a tick carries more bytes than
 * any before. Not thread-safe (guarded by the transport's lock).
 */
final class MessageQueue {
    private static final int FIRST_ARENA = 4096;

    private final int[] offsets;
    private final int[] lengths;
    private byte[] arena = new byte[0];
    private int used;
    private int size;
    private long dropped;

    MessageQueue(int capacity) {
        offsets = new int[capacity];
        lengths = new int[capacity];
    }

    /** Copies the message in; false (and counted) if full. */
    boolean offer(byte[] data, int offset, int length) {
        if (size == offsets.length) {
            dropped++;
            return false;
        }
        if (used + length > arena.length) {
            int need = Math.max(FIRST_ARENA, used + length);
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, Integer.highestOneBit(need - 1) << 1));
        }
        System.arraycopy(data, offset, arena, used, length);
        offsets[size] = used;
        lengths[size] = length;
        used += length;
        size++;
        return true;
    }

    /** Removes and returns every message, oldest first, as fresh arrays. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(Arrays.copyOfRange(arena, offsets[i], offsets[i] + lengths[i]));
        }
        discard();
        return out;
    }

    /** Discards every message. */
    int discard() {
        int n = size;
        size = 0;
        used = 0;
        return n;
    }

    int size() {
        return size;
    }

    long dropped() {
        return dropped;
    }
}
