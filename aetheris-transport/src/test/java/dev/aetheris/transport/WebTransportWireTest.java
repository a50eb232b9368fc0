package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.transport.webtransport.WebTransportSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.quic.Quic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebTransport endpoint at the wire level, through {@link Http3Probe} (a bare HTTP/3 client):
 * the SETTINGS a browser looks for, both {@code :protocol} tokens, one stream and one session, datagrams and the session stream
 * keyed by a CONNECT stream that is not stream 0 (so a quarter stream id differs from the id), and
 * the deadline for a connection that never opens a session.
 */
class WebTransportWireTest {
    @TempDir
    Path dir;
    private NettyGameTransport server;
    private RoomLoop room;
    private Http3Probe probe;

    @BeforeAll
    static void quic() {
        assertThat(Quic.isAvailable()).as("native QUIC loads: %s", Quic.unavailabilityCause()).isTrue();
    }

    private void start(TransportLimits limits) throws Exception {
        server = NettyGameTransport.start(TransportConfig.loopback(dir).withLimits(limits), Map.of());
        room = new RoomLoop(server);
        probe = Http3Probe.connect(server.quicPort(), server.certificateSha256());
    }

    @AfterEach
    void stop() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (room != null) {
            room.close();
            assertThat(room.failure).isNull();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoLeaks();
    }

    private Http3Headers connect(String protocol) {
        Http3Headers h = new DefaultHttp3Headers().method("CONNECT").scheme("https")
                .authority("127.0.0.1:" + server.quicPort()).path(NettyGameTransport.WT_PATH);
        return protocol == null ? h : h.protocol(protocol);
    }

    @Test
    void theServerSendsTheSettingsChromiumAndLaterDraftsLookFor() throws Exception {
        start(TransportLimits.DEFAULT);
        Map<Long, Long> s = probe.settings.get(5, TimeUnit.SECONDS);
        assertThat(s).containsEntry(0x08L, 1L) // ENABLE_CONNECT_PROTOCOL
                .containsEntry(0x33L, 1L) // H3_DATAGRAM
                .containsEntry(0x2b603742L, 1L) // draft-02 ENABLE_WEBTRANSPORT
                .containsEntry(0xc671706aL, 1L) // draft-07 WEBTRANSPORT_MAX_SESSIONS
                .containsEntry(0x2c7cf000L, 1L) // WT_ENABLED
                .containsEntry(0x14e9cd29L, 1L) // WT_MAX_SESSIONS
                .containsEntry(0x01L, 0L); // QPACK_MAX_TABLE_CAPACITY: no dynamic table
    }

    @Test
    void aWebtransportH3SessionOnStreamFourUsesQuarterStreamIdsBothWays() throws Exception {
        start(TransportLimits.DEFAULT);
        // Stream 0: an extended CONNECT for another protocol is refused and makes no client.
        assertThat(probe.request(connect("websocket")).status()).isEqualTo("400");
        Http3Probe.Response ok = probe.request(connect("webtransport-h3"));
        assertThat(ok.status()).isEqualTo("200");
        assertThat(String.valueOf(ok.headers().get(WebTransportSettings.DRAFT02_HEADER)))
                .isEqualTo(WebTransportSettings.DRAFT02_VALUE);
        long sessionId = ok.stream().streamId();
        assertThat(sessionId).as("the session's CONNECT stream").isEqualTo(4);
        Await.until("session registered", 5_000, () -> room.connected.size() == 1);

        // The session's stream: signal, session id, then the native framing (empty opener, one message).
        BlockingQueue<byte[]> streamIn = new LinkedBlockingQueue<>();
        probe.openStream(sessionStream(sessionId, "hello"), streamIn);
        Await.until("reliable message", 5_000, () -> room.messages.size() == 1);
        long id = room.messages.keySet().iterator().next();
        assertThat(room.messagesOf(id).getFirst().reliable()).isTrue();
        assertThat(readFrame(streamIn)).as("echo on the session stream, varint-framed").isEqualTo("hello");

        // A datagram with the session's quarter stream id (1) is the session's; the echo carries it too.
        byte[] echoed = null;
        for (int attempt = 0; attempt < 5 && echoed == null; attempt++) { // datagrams may be lost
            probe.sendDatagram(new byte[] {1, 'd', 'g'});
            echoed = probe.datagrams.poll(1, TimeUnit.SECONDS);
        }
        assertThat(echoed).as("a datagram echoed with the quarter stream id").containsExactly(1, 'd', 'g');
        assertThat(room.messagesOf(id)).anySatisfy(m -> {
            assertThat(m.reliable()).isFalse();
            assertThat(m.data()).containsExactly('d', 'g');
        });

        // The CONNECT stream's own id (4) as the prefix belongs to no session: dropped and counted.
        long dropped = server.wtCounters().droppedInbound();
        for (int attempt = 0; attempt < 5 && server.wtCounters().droppedInbound() == dropped; attempt++) {
            probe.sendDatagram(new byte[] {4, 'x'});
            Thread.sleep(200);
        }
        assertThat(server.wtCounters().droppedInbound()).isGreaterThan(dropped);
        assertThat(room.messagesOf(id)).noneMatch(m -> Arrays.equals(m.data(), new byte[] {'x'}));
        assertThat(server.wtCounters().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void aSessionHasOneStreamAndAConnectionOneSession() throws Exception {
        start(TransportLimits.DEFAULT);
        long sessionId = probe.request(connect("webtransport")).stream().streamId();
        BlockingQueue<byte[]> firstIn = new LinkedBlockingQueue<>();
        probe.openStream(sessionStream(sessionId, "one"), firstIn);
        assertThat(readFrame(firstIn)).isEqualTo("one");
        // A second stream for the session is refused: the server ends it and the room never sees its message.
        var second = probe.openStream(sessionStream(sessionId, "two"), new LinkedBlockingQueue<>());
        Await.until("second stream ended by the server", 5_000, second::isInputShutdown);
        assertThat(probe.request(connect("webtransport")).status()).as("a second session").isEqualTo("429");
        assertThat(server.wtCounters().connectionsOpened()).isEqualTo(1);
        assertThat(room.messages.values().stream().flatMap(java.util.List::stream).map(m -> new String(m.data(),
                StandardCharsets.US_ASCII))).containsExactly("one");
    }

    /** A session stream's opening bytes: signal, session id, the empty opener, then {@code text} as one frame. */
    private static ByteBuf sessionStream(long sessionId, String text) {
        ByteBuf b = Unpooled.buffer();
        QuicVarint.write(b, WebTransportSettings.BIDI_STREAM_SIGNAL);
        QuicVarint.write(b, sessionId);
        b.writeByte(0);
        b.writeByte(text.length()).writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return b;
    }

    @Test
    void aConnectionThatOpensNoSessionIsClosedAtTheAuthDeadlineAndCounted() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofMillis(300), Duration.ofSeconds(15)));
        probe.closed.get(5, TimeUnit.SECONDS);
        assertThat(server.wtCounters().authTimeouts()).isEqualTo(1);
        assertThat(server.wtCounters().connectionsOpened()).isZero();
        assertThat(room.connected).isEmpty();
    }

    /** One {@code varint(length) ‖ payload} message from the stream's bytes, skipping empty frames. */
    private static String readFrame(BlockingQueue<byte[]> in) throws InterruptedException {
        ByteBuf buf = Unpooled.buffer();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                byte[] chunk = in.poll(100, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    buf.writeBytes(chunk);
                }
                for (;;) {
                    long length = QuicVarint.peek(buf, buf.readerIndex(), buf.writerIndex());
                    if (length == QuicVarint.INCOMPLETE) {
                        break;
                    }
                    int prefix = QuicVarint.lengthOf(buf.getByte(buf.readerIndex()));
                    if (buf.readableBytes() - prefix < length) {
                        break;
                    }
                    buf.skipBytes(prefix);
                    if (length > 0) {
                        return buf.readCharSequence((int) length, StandardCharsets.US_ASCII).toString();
                    }
                }
            }
            return null;
        } finally {
            buf.release();
        }
    }
}
