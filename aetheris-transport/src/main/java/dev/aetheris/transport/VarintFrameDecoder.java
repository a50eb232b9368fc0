package dev.aetheris.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a QUIC stream into messages framed as {@code varint(length) ‖ payload} and hands each
 * payload to a {@link Sink} as a region of the cumulation buffer, so no per-message buffer is
 * allocated. A length above the limit is reported once and the rest of the stream is discarded.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {

    /** Receives decoded messages on the channel's event loop. */
    public interface Sink {
        /** One message: {@code length} bytes at {@code index} of {@code buf}, valid only during the call. */
        void onFrame(ChannelHandlerContext ctx, ByteBuf buf, int index, int length);

        /** The peer announced a message longer than the limit; the stream is unusable. */
        void onOversize(ChannelHandlerContext ctx, long announcedLength);
    }

    private final int maxMessageSize;
    private final Sink sink;
    private boolean failed;

    /** @param maxMessageSize largest accepted payload @param sink where messages go */
    public VarintFrameDecoder(int maxMessageSize, Sink sink) {
        this.maxMessageSize = maxMessageSize;
        this.sink = sink;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int start = in.readerIndex();
            int limit = in.writerIndex();
            long length = QuicVarint.peek(in, start, limit);
            if (length == QuicVarint.INCOMPLETE) {
                return;
            }
            if (length > maxMessageSize) {
                failed = true;
                in.skipBytes(in.readableBytes());
                sink.onOversize(ctx, length);
                return;
            }
            int prefix = QuicVarint.lengthOf(in.getByte(start));
            if (limit - start - prefix < length) {
                return;
            }
            in.readerIndex(start + prefix + (int) length);
            sink.onFrame(ctx, in, start + prefix, (int) length);
            if (failed || !ctx.channel().isActive()) {
                in.skipBytes(in.readableBytes());
                return;
            }
        }
    }
}
