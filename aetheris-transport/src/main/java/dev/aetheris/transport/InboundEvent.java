package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;

/**
 * One entry of the inbound queue. Message events come from a fixed pool (the pool's size is the
 * queue's bound) and return to it after the room loop has handled them; each connection owns its
 * two lifecycle events, so connects and disconnects are never lost to a full pool.
 */
final class InboundEvent {
    static final int CONNECTED = 1;
    static final int MESSAGE = 2;
    static final int DISCONNECTED = 3;

    final boolean pooled;
    int type;
    Connection connection;
    byte[] data;
    int length;
    boolean reliable;
    DisconnectReason reason;

    InboundEvent(boolean pooled, int initialCapacity) {
        this.pooled = pooled;
        this.data = new byte[initialCapacity];
    }

    /** Makes room for {@code n} bytes; grows rarely, bounded by the maximum message size. */
    byte[] ensureCapacity(int n) {
        if (data.length < n) {
            data = new byte[Math.max(n, data.length * 2)];
        }
        return data;
    }
}
