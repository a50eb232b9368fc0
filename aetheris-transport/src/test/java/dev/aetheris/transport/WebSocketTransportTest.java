package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientTransport;
import dev.aetheris.transport.client.QueueListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketTransportTest {
    private static ClientTransport clients;

    @TempDir
    Path dir;
    private NettyGameTransport server;
    private RoomLoop room;

    @BeforeAll
    static void clients() {
        clients = new ClientTransport(new ClientTransport.Options(1, Duration.ofSeconds(15), 1 << 20,
                Duration.ofSeconds(5)));
    }

    @AfterAll
    static void closeClients() throws InterruptedException {
        clients.close();
        LeakCheck.assertNoLeaks();
    }

    private void start(TransportLimits limits) throws Exception {
        TransportConfig config = TransportConfig.loopback(dir).withLimits(limits)
                .withPorts(0, TransportConfig.QUIC_DISABLED);
        server = NettyGameTransport.start(config, Map.of());
        room = new RoomLoop(server);
    }

    @AfterEach
    void stop() throws Exception {
        if (room != null) {
            room.close();
            assertThat(room.failure).isNull();
        }
        if (server != null) {
            server.close();
        }
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void manyClientsExchangeOrderedMessagesBothWays() throws Exception {
        start(TransportLimits.DEFAULT);
        int n = 20;
        int perClient = 50;
        List<ClientConnection> conns = new ArrayList<>();
        List<QueueListener> listeners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QueueListener l = new QueueListener();
            conns.add(clients.connectWebSocket(ws(), l).get(5, TimeUnit.SECONDS));
            listeners.add(l);
        }
        Await.until("all connected", 5_000, () -> room.connected.size() == n);
        assertThat(room.connected).doesNotContain(0L).hasSize(n);
        assertThat(server.connectedCount()).isEqualTo(n);
        for (int m = 0; m < perClient; m++) {
            for (int i = 0; i < n; i++) {
                byte[] msg = ("c" + i + "-" + m).getBytes(StandardCharsets.UTF_8);
                assertThat(m % 5 == 0 ? conns.get(i).sendUnreliable(msg) : conns.get(i).sendReliable(msg)).isTrue();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < perClient; m++) {
                QueueListener.Received r = listeners.get(i).poll(5, TimeUnit.SECONDS);
                assertThat(r).as("echo %d of client %d", m, i).isNotNull();
                // Over WebSocket both channels ride one ordered stream, so even datagrams keep order.
                assertThat(text(r.data())).isEqualTo("c" + i + "-" + m);
                assertThat(r.reliable()).isTrue();
            }
        }
        for (long id : room.connected) {
            List<RoomLoop.Msg> got = room.messagesOf(id);
            assertThat(got).hasSize(perClient);
            String prefix = text(got.getFirst().data()).split("-")[0];
            for (int m = 0; m < perClient; m++) {
                assertThat(text(got.get(m).data())).isEqualTo(prefix + "-" + m);
            }
        }
        assertThat(server.wsCounters().messagesIn()).isEqualTo((long) n * perClient);
        Await.until("outbound counted", 2_000, () -> server.wsCounters().messagesOut() == (long) n * perClient);
        for (ClientConnection c : conns) {
            c.close();
        }
        Await.until("all disconnected", 5_000, () -> room.disconnected.size() == n);
        assertThat(room.disconnected.values()).containsOnly(DisconnectReason.CLIENT_DISCONNECTED);
        assertThat(server.connectedCount()).isZero();
        assertThat(server.wsCounters().connectionsClosed()).isEqualTo(n);
    }

    @Test
    void serverDisconnectSendsQueuedMessagesThenClosesWithReason() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = clients.connectWebSocket(ws(), l).get(5, TimeUnit.SECONDS);
        Await.until("connected", 5_000, () -> room.connected.size() == 1);
        long id = room.connected.iterator().next();
        room.call(t -> {
            t.sendReliable(id, "last words".getBytes(StandardCharsets.UTF_8), 0, 10);
            t.disconnect(id, "kicked for testing");
            return null;
        });
        QueueListener.Received r = l.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(text(r.data())).isEqualTo("last words");
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("kicked for testing");
        Await.until("disconnect reported", 5_000, () -> room.disconnected.containsKey(id));
        assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.DISCONNECTED);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void connectionWithoutAuthIsClosedAtTheDeadlineAndCounted() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofMillis(300), Duration.ofSeconds(15)));
        room.authOnFirstMessage = false;
        QueueListener silent = new QueueListener();
        clients.connectWebSocket(ws(), silent).get(5, TimeUnit.SECONDS);
        QueueListener talker = new QueueListener();
        ClientConnection authed = clients.connectWebSocket(ws(), talker).get(5, TimeUnit.SECONDS);
        Await.until("both connected", 5_000, () -> room.connected.size() == 2);
        authed.sendReliable("auth".getBytes(StandardCharsets.UTF_8));
        Await.until("auth message", 5_000, () -> room.messages.size() == 1);
        long authedId = room.messages.keySet().iterator().next();
        room.call(t -> {
            t.authenticated(authedId);
            return null;
        });
        assertThat(silent.closed().get(5, TimeUnit.SECONDS)).isEqualTo("not authenticated in time");
        assertThat(server.wsCounters().authTimeouts()).isEqualTo(1);
        Await.until("disconnect reported", 5_000, () -> room.disconnected.size() == 1);
        assertThat(room.disconnected).doesNotContainKey(authedId);
        Thread.sleep(400); // well past the deadline: the authenticated client stays
        assertThat(authed.isOpen()).isTrue();
        assertThat(server.wsCounters().authTimeouts()).isEqualTo(1);
    }

    @Test
    void textFramesAndOversizeMessagesCloseTheConnectionAndAreCounted() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener big = new QueueListener();
        ClientConnection bigConn = clients.connectWebSocket(ws(), big).get(5, TimeUnit.SECONDS);
        Await.until("connected", 5_000, () -> room.connected.size() == 1);
        byte[] huge = new byte[TransportLimits.DEFAULT.maxMessageSize() + 1];
        assertThat(bigConn.sendReliable(huge)).isTrue(); // this client allows 1 MiB; the server does not
        big.closed().get(5, TimeUnit.SECONDS);
        Await.until("oversize counted", 5_000, () -> server.wsCounters().oversizeCloses() == 1);
        assertThat(room.messages).isEmpty();

        try (Socket s = rawWebSocket()) {
            // A masked text frame "hi".
            s.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2});
            s.getOutputStream().flush();
            Await.until("garbage counted", 5_000, () -> server.wsCounters().garbageCloses() == 1);
            assertThat(readUntilEof(s.getInputStream())).isTrue();
        }
        try (Socket s = rawWebSocket()) {
            // A masked text frame that is not even UTF-8 (C3 28): closed and counted the same way.
            s.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, (byte) (0xC3 ^ 1), 0x28 ^ 2});
            s.getOutputStream().flush();
            Await.until("garbage counted", 5_000, () -> server.wsCounters().garbageCloses() == 2);
            assertThat(readUntilEof(s.getInputStream())).isTrue();
        }
        Await.until("all disconnects reported", 5_000, () -> room.disconnected.size() == 3);
        assertThat(server.connectedCount()).isZero();
    }

    /** Connects the JDK's WebSocket client (it sends frames our connector refuses to) and records the close. */
    private java.net.http.WebSocket jdkWebSocket(java.net.http.HttpClient http, CompletableFuture<Integer> closeCode)
            throws Exception {
        return http.newWebSocketBuilder().buildAsync(ws(), new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String why) {
                closeCode.complete(code);
                return null;
            }

            @Override
            public void onError(java.net.http.WebSocket w, Throwable error) {
                closeCode.completeExceptionally(error);
            }
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void anOversizeFrameIsAnsweredWithA1009CloseTheClientReads() throws Exception {
        start(TransportLimits.DEFAULT);
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            for (int size : new int[] {TransportLimits.DEFAULT.maxMessageSize() + 1, 1 << 20}) {
                CompletableFuture<Integer> code = new CompletableFuture<>();
                java.net.http.WebSocket w = jdkWebSocket(http, code);
                w.sendBinary(java.nio.ByteBuffer.allocate(size), true);
                assertThat(code.get(10, TimeUnit.SECONDS)).as("close code after a %d-byte frame", size).isEqualTo(1009);
            }
            // The same limit for a message sent as continuation frames.
            CompletableFuture<Integer> code = new CompletableFuture<>();
            java.net.http.WebSocket w = jdkWebSocket(http, code);
            for (int i = 0; i < 4; i++) {
                w.sendBinary(java.nio.ByteBuffer.allocate(20_000), i == 3).get(5, TimeUnit.SECONDS);
            }
            assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
        Await.until("oversize counted", 5_000, () -> server.wsCounters().oversizeCloses() == 3);
        assertThat(room.messages).isEmpty();
    }

    @Test
    void theAuthDeadlineClosesWith1008() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofMillis(300), Duration.ofSeconds(15)));
        room.authOnFirstMessage = false;
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            CompletableFuture<Integer> code = new CompletableFuture<>();
            jdkWebSocket(http, code);
            assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        }
    }

    @Test
    void garbageBytesAfterTheHandshakeCloseTheConnectionAndAreCounted() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener healthy = new QueueListener();
        ClientConnection ok = clients.connectWebSocket(ws(), healthy).get(5, TimeUnit.SECONDS);
        try (Socket s = rawWebSocket()) {
            // Unmasked frames from a client are a protocol violation, followed by noise.
            s.getOutputStream().write(new byte[] {(byte) 0x82, 5, 'h', 'e', 'l', 'l', 'o', (byte) 0xFF, 0, 13, 7});
            s.getOutputStream().flush();
            assertThat(readUntilEof(s.getInputStream())).isTrue();
        }
        Await.until("garbage counted", 5_000, () -> server.wsCounters().garbageCloses() == 1);
        ok.sendReliable("still here".getBytes(StandardCharsets.UTF_8));
        QueueListener.Received r = healthy.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(text(r.data())).isEqualTo("still here");
    }

    @Test
    void aClientThatVanishesIsNoticedByTheIdleTimeout() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofSeconds(5), Duration.ofMillis(400)));
        try (Socket s = rawWebSocket()) {
            assertThat(s.isConnected()).isTrue();
            Await.until("connected", 5_000, () -> room.connected.size() == 1);
            long id = room.connected.iterator().next();
            // The raw socket neither sends nor answers pings: to the server it has vanished.
            Await.until("idle disconnect", 5_000, () -> room.disconnected.containsKey(id));
            assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.DISCONNECTED);
            assertThat(server.wsCounters().idleTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionFloodFromOneIpIsRateLimitedWhileOthersKeepWorking() throws Exception {
        start(TransportLimits.DEFAULT.withConnectionRate(0.5, 3));
        QueueListener first = new QueueListener();
        ClientConnection keeper = clients.connectWebSocket(ws(), first).get(5, TimeUnit.SECONDS);
        List<CompletableFuture<ClientConnection>> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flood.add(clients.connectWebSocket(ws(), new QueueListener()));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<ClientConnection> f : flood) {
            try {
                f.get(5, TimeUnit.SECONDS);
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                refused++;
            }
        }
        assertThat(ok).isEqualTo(2); // burst of 3, one used by the keeper; refill is too slow to matter
        assertThat(refused).isEqualTo(18);
        assertThat(server.wsCounters().rateLimited()).isEqualTo(18);
        assertThat(server.wsCounters().connectionsOpened()).isEqualTo(3);
        keeper.sendReliable("alive".getBytes(StandardCharsets.UTF_8));
        QueueListener.Received r = first.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(text(r.data())).isEqualTo("alive");
    }

    @Test
    void outboundQueuesAreBoundedAndSendsReportWhy() throws Exception {
        start(TransportLimits.DEFAULT.withQueues(4, 2));
        room.echo = false;
        QueueListener l = new QueueListener();
        clients.connectWebSocket(ws(), l).get(5, TimeUnit.SECONDS);
        Await.until("connected", 5_000, () -> room.connected.size() == 1);
        long id = room.connected.iterator().next();
        byte[] one = {1};
        List<dev.aetheris.protocol.seam.SendResult> results = room.call(t -> {
            List<dev.aetheris.protocol.seam.SendResult> out = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                out.add(t.sendUnreliable(id, one, 0, 1));
            }
            for (int i = 0; i < 3; i++) {
                out.add(t.sendReliable(id, one, 0, 1));
            }
            // WebSocket "datagrams" ride the stream, so only the message limit applies to them.
            out.add(t.sendUnreliable(id, new byte[70_000], 0, 70_000));
            out.add(t.sendReliable(id ^ 1, one, 0, 1));
            return out;
        });
        assertThat(results).containsExactly(
                SR.SENT, SR.SENT, SR.SENT, SR.SENT, SR.QUEUE_FULL, SR.QUEUE_FULL,
                SR.SENT, SR.SENT, SR.QUEUE_FULL,
                SR.TOO_LARGE, SR.NOT_CONNECTED);
        assertThat(server.wsCounters().droppedOutbound()).isEqualTo(2);
        assertThat(server.wsCounters().reliableQueueFull()).isEqualTo(1);
        for (int i = 0; i < 6; i++) {
            assertThat(l.poll(5, TimeUnit.SECONDS)).as("message %d after the flush", i).isNotNull();
        }
        assertThat(l.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    private static final class SR {
        static final dev.aetheris.protocol.seam.SendResult SENT = dev.aetheris.protocol.seam.SendResult.SENT;
        static final dev.aetheris.protocol.seam.SendResult QUEUE_FULL = dev.aetheris.protocol.seam.SendResult.QUEUE_FULL;
        static final dev.aetheris.protocol.seam.SendResult TOO_LARGE = dev.aetheris.protocol.seam.SendResult.TOO_LARGE;
        static final dev.aetheris.protocol.seam.SendResult NOT_CONNECTED =
                dev.aetheris.protocol.seam.SendResult.NOT_CONNECTED;
    }

    @Test
    void aNonWebSocketUriIsRefused() {
        assertThatThrownBy(() -> clients.connectWebSocket(URI.create("http://127.0.0.1:1/ws"), new QueueListener())
                .get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    /** Opens a WebSocket by hand (for sending bytes no well-behaved client would). */
    private Socket rawWebSocket() throws Exception {
        Socket s = new Socket("127.0.0.1", server.httpPort());
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed during handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Reads until the server closes; true if it did within the socket timeout. */
    private static boolean readUntilEof(InputStream in) {
        try {
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
                // discard (close frame)
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset by the server also means closed
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void controlGoesFirstAndOnlyTheNewestStateLeavesWhenTheEventLoopFallsBehind() throws Exception {
        start(TransportLimits.DEFAULT);
        room.echo = false;
        QueueListener l = new QueueListener();
        clients.connectWebSocket(ws(), l).get(5, TimeUnit.SECONDS);
        Await.until("connected", 5_000, () -> room.connected.size() == 1);
        long id = room.connected.iterator().next();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        room.call(t -> {
            // Keep the connection's event loop busy, as a saturated one would be.
            t.connection(id).channel.eventLoop().execute(() -> {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            byte[] older = "state-1".getBytes(StandardCharsets.UTF_8);
            byte[] newer = "state-2".getBytes(StandardCharsets.UTF_8);
            byte[] control = "control".getBytes(StandardCharsets.UTF_8);
            t.sendUnreliable(id, older, 0, older.length);
            t.flush();
            t.sendUnreliable(id, newer, 0, newer.length);
            t.sendReliable(id, control, 0, control.length);
            t.flush();
            assertThat(t.sendCapacity(id)).as("a live connection can take bytes").isPositive();
            assertThat(t.sendCapacity(id ^ 1)).as("unknown client").isZero();
            return null;
        });
        assertThat(server.wsCounters().stateSuperseded()).as("tick 1's state was never taken").isEqualTo(1);
        hold.countDown();
        QueueListener.Received first = l.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(text(first.data())).as("reliable ahead of state").isEqualTo("control");
        QueueListener.Received next = l.poll(5_000, TimeUnit.MILLISECONDS);
        assertThat(next).isNotNull();
        assertThat(text(next.data())).as("an ordered stream delivers the newest state").isEqualTo("state-2");
        assertThat(l.poll(100, TimeUnit.MILLISECONDS)).as("the superseded state never leaves").isNull();
    }
}
