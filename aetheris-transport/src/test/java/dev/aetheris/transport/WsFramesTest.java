package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames written ahead of queued messages decode, at every length encoding, as a WebSocket client reads them. */
class WsFramesTest {

    @Test
    void everyLengthEncodingDecodesToTheSamePayload() {
        // A client's decoder: server frames are unmasked.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        Random random = new Random(5);
        for (int length : new int[] {0, 1, 125, 126, 127, 1_000, 65_535, 65_536, 70_000}) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            ByteBuf b = Unpooled.buffer(WsFrames.headerLength(length) + length);
            WsFrames.writeHeader(b, length);
            assertThat(b.readableBytes()).as("header of %d", length).isEqualTo(WsFrames.headerLength(length));
            b.writeBytes(payload);
            client.writeInbound(b);
            BinaryWebSocketFrame frame = client.readInbound();
            assertThat(frame).as("frame of %d bytes", length).isNotNull();
            assertThat(frame.isFinalFragment()).isTrue();
            assertThat(ByteBufUtil.getBytes(frame.content())).isEqualTo(payload);
            frame.release();
        }
        assertThat((Object) client.readInbound()).isNull();
        client.finishAndReleaseAll();
    }
}
