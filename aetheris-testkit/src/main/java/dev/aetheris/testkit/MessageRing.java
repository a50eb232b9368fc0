package dev.aetheris.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded FIFO of byte messages whose slots are reused, so steady-state traffic through the
 * in-memory transport allocates nothing on the sending thread. Not thread-safe (guarded by the
 * transport's lock).
 */
final class MessageRing {
    private final byte[][] slots;
    private final int[] lengths;
    private int head;
    private int size;
    private long dropped;

    MessageRing(int capacity) {
        slots = new byte[capacity][];
        lengths = new int[capacity];
    }

    /** Copies the message in; false (and counted) if full. */
    boolean offer(byte[] data, int offset, int length) {
        if (size == slots.length) {
            dropped++;
            return false;
        }
        int i = (head + size) % slots.length;
        if (slots[i] == null || slots[i].length < length) {
            // Datagram-sized slots from the start, so steady traffic never reallocates.
            slots[i] = new byte[Math.max(length, dev.aetheris.protocol.Sizes.MAX_SAFE_PAYLOAD_SIZE)];
        }
        System.arraycopy(data, offset, slots[i], 0, length);
        lengths[i] = length;
        size++;
        return true;
    }

    /** Removes and returns every message, oldest first, as fresh arrays. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>(size);
        while (size > 0) {
            out.add(Arrays.copyOf(slots[head], lengths[head]));
            head = (head + 1) % slots.length;
            size--;
        }
        return out;
    }

    /** Discards every message. */
    int discard() {
        int n = size;
        head = (head + n) % slots.length;
        size = 0;
        return n;
    }

    int size() {
        return size;
    }

    long dropped() {
        return dropped;
    }
}
