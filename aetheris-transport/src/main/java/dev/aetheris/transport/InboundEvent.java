package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;

/**
 * One entry of the inbound queue. Message events come from a fixed pool (the pool's size is the
 * queue's bound) and return to it after the room loop has handled them; each connection owns its
 * two lifecycle events, so connects and disconnects are never lost to a full pool.
 *
 * <p>Each pooled event keeps a small buffer for the common case (inputs, pings). A larger message
 * gets a one-off array from the event loop that is dropped after delivery, so the pool's memory
 * stays bounded by {@code capacity × RETAINED_BYTES} however large the messages were.
 */
final class InboundEvent {
    static final int CONNECTED = 1;
    static final int MESSAGE = 2;
    static final int DISCONNECTED = 3;
    /** Bytes each pooled event keeps for reuse. */
    static final int RETAINED_BYTES = 512;

    final boolean pooled;
    int type;
    Connection connection;
    private final byte[] small;
    private byte[] large;
    int length;
    boolean reliable;
    DisconnectReason reason;

    InboundEvent(boolean pooled) {
        this.pooled = pooled;
        this.small = pooled ? new byte[RETAINED_BYTES] : new byte[0];
    }

    /** Event loop: a buffer for {@code n} bytes. */
    byte[] bufferFor(int n) {
        if (n <= small.length) {
            large = null;
            return small;
        }
        large = new byte[n];
        return large;
    }

    /** The bytes of the current message. */
    byte[] data() {
        return large != null ? large : small;
    }

    /** Room loop: forgets a one-off buffer before the event goes back to the pool. */
    void recycle() {
        large = null;
        connection = null;
    }
}
