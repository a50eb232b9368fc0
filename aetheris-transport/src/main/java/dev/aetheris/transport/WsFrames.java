package dev.aetheris.transport;

import io.netty.buffer.ByteBuf;

/**
 * Server-to-client WebSocket frame headers (RFC 6455 §5.2: final binary frame, unmasked), written
 * in front of a message when it is queued. A queued WebSocket message is then one complete frame
 * in one buffer, so the event loop writes it as it is: no frame object, no header buffer from
 * the allocator and one buffer instead of two per message in the channel's outbound queue.
 *
 * <p>Stateless; thread-safe.
 */
final class WsFrames {
    /** FIN + binary opcode. */
    private static final int FIN_BINARY = 0x82;

    private WsFrames() {
    }

    /** Bytes of the header of a frame carrying {@code payload} bytes. */
    static int headerLength(int payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }

    /** Writes the header of a final binary frame of {@code payload} bytes. */
    static void writeHeader(ByteBuf b, int payload) {
        b.writeByte(FIN_BINARY);
        if (payload < 126) {
            b.writeByte(payload);
        } else if (payload <= 0xFFFF) {
            b.writeByte(126);
            b.writeShort(payload);
        } else {
            b.writeByte(127);
            b.writeLong(payload);
        }
    }
}
