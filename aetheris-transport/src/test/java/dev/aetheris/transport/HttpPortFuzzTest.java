package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of the HTTP port's real pipeline (HTTP codec, aggregator, upgrade gate,
 * WebSocket handshake and frame handling, connection handler, router) on an embedded channel: raw
 * bytes in, bytes and inbound events out, single-threaded and without a socket. The corpus replays
 * in the normal test run; {@code -Pfuzz} explores.
 *
 * <p>Invariants: no exception escapes the pipeline; every answer is a well-formed HTTP response
 * with a status the port is meant to send (never 500), bounded in number and size; after an
 * upgrade, only binary/close/ping/pong frames go out, close codes are valid ones, the
 * game receives no more bytes than arrived, and every connection the game saw open it sees close;
 * no ByteBuf leaks (paranoid leak detection, checked at the end).
 */
class HttpPortFuzzTest {
    private static final Set<Integer> HTTP_STATUSES = Set.of(100, 101, 400, 404, 413, 417, 426, 429, 431, 505);
    private static final byte[] UPGRADE = ("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static NettyGameTransport transport;
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 40000);

    /** What the game saw, drained from the transport after each input. */
    private static final class Events implements InboundHandler {
        int connected;
        int disconnected;
        long bytes;

        @Override
        public void onConnected(long clientId) {
            connected++;
        }

        @Override
        public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
            bytes += length;
        }

        @Override
        public void onDisconnected(long clientId, DisconnectReason reason) {
            disconnected++;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        // No HTTP routes: every request is answered on the event loop (404), so runs stay single-threaded.
        TransportLimits limits = TransportLimits.DEFAULT.withConnectionRate(1e9, 1_000_000)
                .withInboundBudget(1L << 40, 1 << 30, 1000);
        transport = NettyGameTransport.start(TransportConfig.loopback(dir).withPorts(0, TransportConfig.QUIC_DISABLED)
                .withLimits(limits), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        transport.close();
        LeakCheck.assertNoLeaks();
    }

    @FuzzTest
    void httpRequests(FuzzedDataProvider data) throws Exception {
        EmbeddedSocketChannel ch = new EmbeddedSocketChannel(PEER, new HttpPort(transport));
        int received = feed(ch, data);
        byte[] out = drainOutbound(ch);
        int responses = checkHttpResponses(out);
        // The shortest request line the codec answers is a few bytes; no input earns more answers.
        assertThat(responses).isLessThanOrEqualTo(received / 4 + 1);
        closeAndCheckEvents(ch, received);
    }

    @FuzzTest
    void webSocketFrames(FuzzedDataProvider data) throws Exception {
        EmbeddedSocketChannel ch = new EmbeddedSocketChannel(PEER, new HttpPort(transport));
        ch.writeInbound(Unpooled.wrappedBuffer(UPGRADE));
        releaseInbound(ch);
        byte[] handshake = drainOutbound(ch);
        assertThat(new String(handshake, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101 ");
        int received = feed(ch, data);
        checkServerFrames(drainOutbound(ch));
        closeAndCheckEvents(ch, received);
    }

    /** Writes the input in one to four chunks (where a read splits a message matters to decoders). */
    private static int feed(EmbeddedSocketChannel ch, FuzzedDataProvider data) {
        int chunks = data.consumeInt(1, 4);
        int total = 0;
        for (int i = 0; i < chunks && ch.isActive(); i++) {
            byte[] part = i == chunks - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 4096));
            total += part.length;
            ch.writeInbound(Unpooled.wrappedBuffer(part));
            ch.runPendingTasks();
            releaseInbound(ch);
        }
        ch.checkException();
        return total;
    }

    private static void releaseInbound(EmbeddedSocketChannel ch) {
        Object m;
        while ((m = ch.readInbound()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    private static byte[] drainOutbound(EmbeddedSocketChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            try {
                if (m instanceof CloseWebSocketFrame && !ch.isOpen()) {
                    // Netty's WebSocket handler turns any close into a close frame, even on a plain
                    // HTTP connection; a socket refuses the unencoded frame and the close goes on.
                    continue;
                }
                assertThat(m).isInstanceOf(ByteBuf.class);
                ByteBuf b = (ByteBuf) m;
                byte[] bytes = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), bytes);
                out.writeBytes(bytes);
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        return out.toByteArray();
    }

    private static void closeAndCheckEvents(EmbeddedSocketChannel ch, int received) throws Exception {
        Events events = new Events();
        transport.poll(events);
        ch.close();
        ch.runPendingTasks();
        ch.finishAndReleaseAll();
        transport.poll(events);
        assertThat(events.bytes).isLessThanOrEqualTo(received);
        assertThat(events.disconnected).isEqualTo(events.connected);
        assertThat(events.connected).isLessThanOrEqualTo(1);
    }

    /** Parses a run of HTTP responses; returns how many there were. */
    private static int checkHttpResponses(byte[] out) throws IOException {
        String s = new String(out, StandardCharsets.ISO_8859_1);
        int at = 0;
        int n = 0;
        while (at < s.length()) {
            int end = s.indexOf("\r\n\r\n", at);
            assertThat(end).as("complete response head in %s", s).isGreaterThan(at);
            String head = s.substring(at, end);
            assertThat(head).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(head.substring(9, 12));
            assertThat(status).as(head).isIn(HTTP_STATUSES);
            // Without Content-Length the body runs to the close (Netty's handshake refusals do that).
            int length = s.length() - end - 4;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            assertThat(length).isBetween(0, 1024);
            n++;
            at = end + 4 + length;
            if (status == 101) {
                checkServerFrames(out, at); // the rest are WebSocket frames
                return n;
            }
        }
        return n;
    }

    private static void checkServerFrames(byte[] out) {
        checkServerFrames(out, 0);
    }

    /** Server frames: unmasked, final, binary/close/ping/pong only, close codes from the known set. */
    private static void checkServerFrames(byte[] out, int at) {
        while (at < out.length) {
            assertThat(out.length - at).isGreaterThanOrEqualTo(2);
            int b0 = out[at] & 0xff;
            int b1 = out[at + 1] & 0xff;
            int opcode = b0 & 0x0f;
            assertThat(opcode).isIn(0x2, 0x8, 0x9, 0xA);
            assertThat(b1 & 0x80).as("server frames are unmasked").isZero();
            long len = b1 & 0x7f;
            int p = at + 2;
            if (len == 126) {
                len = ((out[p] & 0xff) << 8) | (out[p + 1] & 0xff);
                p += 2;
            } else if (len == 127) {
                len = ByteBuffer.wrap(out, p, 8).getLong();
                p += 8;
            }
            assertThat(p + len).isLessThanOrEqualTo(out.length);
            if (opcode == 0x8 && len >= 2) {
                int code = ((out[p] & 0xff) << 8) | (out[p + 1] & 0xff);
                // The server's own codes are 1000-1013; a client's close is echoed with its code,
                // which Netty accepts from 3000 up. Never a reserved (1004-1006) or unassigned one.
                assertThat(code >= 1000 && code <= 1014 && (code < 1004 || code > 1006) || code >= 3000)
                        .as("close code %d", code).isTrue();
            }
            at = (int) (p + len);
        }
    }
}
