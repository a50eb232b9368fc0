package dev.aetheris.transport.client;

import dev.aetheris.transport.QuicVarint;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicStreamChannel;

/**
 * The client side of the reliable-stream framing that native QUIC and WebTransport share:
 * {@code varint(length) ‖ payload} out, one fresh array per non-empty frame in.
 */
final class StreamFrames {
    private StreamFrames() {
    }

    /** Frames and writes one message; false if the stream is not open or the message too large. */
    static boolean send(QuicStreamChannel s, byte[] data, int offset, int length, int maxMessageSize) {
        if (s == null || !s.isActive() || length > maxMessageSize) {
            return false;
        }
        ByteBuf b = s.alloc().directBuffer(length + QuicVarint.encodedLength(length));
        QuicVarint.write(b, length);
        b.writeBytes(data, offset, length);
        s.writeAndFlush(b, s.voidPromise());
        return true;
    }

    /** Hands a decoded frame to the listener; empty frames are the opening no-op and skipped. */
    static void deliver(ClientListener listener, ByteBuf buf, int index, int length) {
        if (length > 0) {
            byte[] copy = new byte[length];
            buf.getBytes(index, copy);
            listener.onMessage(copy, true);
        }
    }
}
