package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientTransport;
import dev.aetheris.transport.client.QueueListener;
import io.netty.handler.codec.quic.Quic;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuicTransportTest {
    private static ClientTransport clients;

    @TempDir
    Path dir;
    private NettyGameTransport server;
    private RoomLoop room;

    @BeforeAll
    static void clients() {
        assertThat(Quic.isAvailable()).as("native QUIC loads: %s", Quic.unavailabilityCause()).isTrue();
        clients = new ClientTransport(new ClientTransport.Options(1, Duration.ofSeconds(15), 1 << 20,
                Duration.ofSeconds(5)));
    }

    @AfterAll
    static void closeClients() throws InterruptedException {
        clients.close();
        LeakCheck.assertNoLeaks();
    }

    private void start(TransportLimits limits) throws Exception {
        server = NettyGameTransport.start(TransportConfig.loopback(dir).withLimits(limits), Map.of());
        assertThat(server.quicPort()).isPositive();
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

    private ClientConnection connect(QueueListener l) throws Exception {
        return clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()), server.certificateSha256(), l)
                .get(5, TimeUnit.SECONDS);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void reliableStreamKeepsOrderBothWaysAcrossManyClients() throws Exception {
        start(TransportLimits.DEFAULT);
        int n = 10;
        int perClient = 100;
        List<ClientConnection> conns = new ArrayList<>();
        List<QueueListener> listeners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QueueListener l = new QueueListener();
            conns.add(connect(l));
            listeners.add(l);
        }
        Await.until("all connected", 5_000, () -> room.connected.size() == n);
        assertThat(room.connected).doesNotContain(0L);
        for (int m = 0; m < perClient; m++) {
            for (int i = 0; i < n; i++) {
                assertThat(conns.get(i).sendReliable(("q" + i + "-" + m).getBytes(StandardCharsets.UTF_8))).isTrue();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < perClient; m++) {
                QueueListener.Received r = listeners.get(i).poll(5, TimeUnit.SECONDS);
                assertThat(r).as("echo %d of client %d", m, i).isNotNull();
                assertThat(r.reliable()).isTrue();
                assertThat(text(r.data())).isEqualTo("q" + i + "-" + m);
            }
        }
        for (long id : room.connected) {
            List<RoomLoop.Msg> got = room.messagesOf(id);
            assertThat(got).hasSize(perClient).allMatch(RoomLoop.Msg::reliable);
        }
        assertThat(server.quicCounters().connectionsOpened()).isEqualTo(n);
        assertThat(server.wsCounters().connectionsOpened()).isZero();
        for (ClientConnection c : conns) {
            c.close();
        }
        Await.until("all disconnected", 20_000, () -> room.disconnected.size() == n);
        assertThat(server.connectedCount()).isZero();
    }

    @Test
    void datagramsFlowBothWaysUpToTheSafePayloadSize() throws Exception {
        start(TransportLimits.DEFAULT);
        int n = 10;
        int perClient = 20;
        List<ClientConnection> conns = new ArrayList<>();
        List<QueueListener> listeners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QueueListener l = new QueueListener();
            conns.add(connect(l));
            listeners.add(l);
        }
        Await.until("all connected", 5_000, () -> room.connected.size() == n);
        for (int m = 0; m < perClient; m++) {
            for (int i = 0; i < n; i++) {
                assertThat(conns.get(i).sendUnreliable(datagram(i, m, m == 0))).isTrue();
            }
            Thread.sleep(2); // paced like a tick
        }
        // Datagrams may be lost, so a full-size one is repeated until it has made the round trip
        // (the room echoes each one back); what arrives must be intact and from the right client.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean[] sawFullSize = new boolean[n];
        int fullSizeSeen = 0;
        while (fullSizeSeen < n && System.nanoTime() < deadline) {
            for (int i = 0; i < n; i++) {
                QueueListener.Received r;
                while ((r = listeners.get(i).poll(0, TimeUnit.MILLISECONDS)) != null) {
                    assertThat(r.reliable()).isFalse();
                    assertThat(r.data()[0]).isEqualTo((byte) i);
                    if (r.data().length == Sizes.MAX_SAFE_PAYLOAD_SIZE && !sawFullSize[i]) {
                        assertThat(r.data()).isEqualTo(datagram(i, r.data()[1], true));
                        sawFullSize[i] = true;
                        fullSizeSeen++;
                    }
                }
                if (!sawFullSize[i]) {
                    conns.get(i).sendUnreliable(datagram(i, perClient, true));
                }
            }
            Thread.sleep(20);
        }
        assertThat(fullSizeSeen).as("clients whose %d-byte datagram made the round trip",
                Sizes.MAX_SAFE_PAYLOAD_SIZE).isEqualTo(n);
        for (List<RoomLoop.Msg> got : room.messages.values()) {
            synchronized (got) { // the room thread may still be adding late datagrams
                assertThat(got).noneMatch(RoomLoop.Msg::reliable);
            }
        }
        // Every datagram that reached the server was delivered to the room or counted as dropped.
        Await.until("inbound accounting settles", 5_000, () -> room.messages.values().stream()
                .mapToLong(List::size).sum() == server.quicCounters().messagesIn() - server.quicCounters().droppedInbound());
    }

    private static byte[] datagram(int client, int seq, boolean fullSize) {
        byte[] d = new byte[fullSize ? Sizes.MAX_SAFE_PAYLOAD_SIZE : 32];
        Arrays.fill(d, (byte) client);
        d[1] = (byte) seq;
        return d;
    }

    @Test
    void aClientThatVanishesIsNoticedByTheIdleTimeout() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofSeconds(5), Duration.ofMillis(600)));
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        c.sendReliable("hello".getBytes(StandardCharsets.UTF_8));
        Await.until("message", 5_000, () -> room.messages.size() == 1);
        long id = room.messages.keySet().iterator().next();
        c.abandon(); // no CONNECTION_CLOSE: only the idle timeout can tell
        Await.until("idle disconnect", 5_000, () -> room.disconnected.containsKey(id));
        assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.DISCONNECTED);
        assertThat(server.quicCounters().idleTimeouts()).isEqualTo(1);
        assertThat(server.connectedCount()).isZero();
    }

    @Test
    void connectionWithoutAuthIsClosedAtTheDeadlineAndCounted() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofMillis(300), Duration.ofSeconds(15)));
        room.authOnFirstMessage = false;
        QueueListener l = new QueueListener();
        connect(l);
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("not authenticated in time");
        assertThat(server.quicCounters().authTimeouts()).isEqualTo(1);
        Await.until("disconnect reported", 5_000, () -> room.disconnected.size() == 1);
        assertThat(room.disconnected.values()).containsOnly(DisconnectReason.DISCONNECTED);
    }

    @Test
    void anOversizeMessageClosesTheConnectionAndIsCounted() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        assertThat(c.sendReliable(new byte[TransportLimits.DEFAULT.maxMessageSize() + 1])).isTrue();
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("message too big");
        assertThat(server.quicCounters().oversizeCloses()).isEqualTo(1);
        assertThat(room.messages).isEmpty();
    }

    @Test
    void aConnectionFloodFromOneIpIsRateLimitedWhileOthersKeepWorking() throws Exception {
        start(TransportLimits.DEFAULT.withConnectionRate(0.5, 3));
        QueueListener first = new QueueListener();
        ClientConnection keeper = connect(first);
        List<QueueListener> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            QueueListener l = new QueueListener();
            flood.add(l);
            try {
                clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()), server.certificateSha256(),
                        l).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                l.onClosed("refused");
            }
        }
        Await.until("flood counted", 5_000, () -> server.quicCounters().rateLimited() == 8);
        assertThat(server.quicCounters().connectionsOpened()).isEqualTo(3);
        long closedFlood = 0;
        for (QueueListener l : flood) {
            if (l.closed().isDone()) {
                closedFlood++;
            } else {
                try {
                    l.closed().get(2, TimeUnit.SECONDS);
                    closedFlood++;
                } catch (java.util.concurrent.TimeoutException e) {
                    // admitted
                }
            }
        }
        assertThat(closedFlood).isEqualTo(8);
        keeper.sendReliable("alive".getBytes(StandardCharsets.UTF_8));
        QueueListener.Received r = first.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(text(r.data())).isEqualTo("alive");
    }

    @Test
    void oneTransportFrontsWebSocketAndQuicClientsWithDistinctIds() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener viaQuic = new QueueListener();
        QueueListener viaWs = new QueueListener();
        ClientConnection q = connect(viaQuic);
        ClientConnection w = clients.connectWebSocket(
                java.net.URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), viaWs).get(5, TimeUnit.SECONDS);
        Await.until("both connected", 5_000, () -> room.connected.size() == 2);
        assertThat(server.connectedCount()).isEqualTo(2);
        q.sendReliable("from quic".getBytes(StandardCharsets.UTF_8));
        w.sendReliable("from ws".getBytes(StandardCharsets.UTF_8));
        assertThat(text(viaQuic.poll(5, TimeUnit.SECONDS).data())).isEqualTo("from quic");
        assertThat(text(viaWs.poll(5, TimeUnit.SECONDS).data())).isEqualTo("from ws");
        int sent = room.call(t -> t.broadcastUnreliable(new byte[] {42}, 0, 1));
        assertThat(sent).isEqualTo(2);
        assertThat(viaQuic.poll(5, TimeUnit.SECONDS).data()).containsExactly(42);
        assertThat(viaWs.poll(5, TimeUnit.SECONDS).data()).containsExactly(42);
        assertThat(server.quicCounters().connectionsOpened()).isEqualTo(1);
        assertThat(server.wsCounters().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void theDevCertificateSurvivesARestart() throws Exception {
        start(TransportLimits.DEFAULT);
        String hash = server.certificateSha256();
        room.close();
        server.close();
        server = NettyGameTransport.start(TransportConfig.loopback(dir), Map.of());
        room = new RoomLoop(server);
        assertThat(server.certificateSha256()).isEqualTo(hash);
        QueueListener l = new QueueListener();
        connect(l).sendReliable("again".getBytes(StandardCharsets.UTF_8));
        assertThat(text(l.poll(5, TimeUnit.SECONDS).data())).isEqualTo("again");
    }

    @Test
    void aClientOfferingAnotherAlpnIsRefused() throws Exception {
        start(TransportLimits.DEFAULT);
        io.netty.handler.codec.quic.QuicSslContext ssl = io.netty.handler.codec.quic.QuicSslContextBuilder.forClient()
                .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .applicationProtocols("h2") // neither ours nor h3 (which the WebTransport endpoint takes)
                .build();
        io.netty.channel.EventLoopGroup group = NettyIo.newGroup(1, "alpn-test");
        try {
            io.netty.channel.Channel udp = new io.netty.bootstrap.Bootstrap().group(group)
                    .channel(NettyIo.datagramChannelClass())
                    .handler(new io.netty.handler.codec.quic.QuicClientCodecBuilder().sslContext(ssl)
                            .maxIdleTimeout(2, TimeUnit.SECONDS).initialMaxData(1 << 20)
                            .initialMaxStreamDataBidirectionalLocal(1 << 20).build())
                    .bind(0).sync().channel();
            var f = io.netty.handler.codec.quic.QuicChannel.newBootstrap(udp)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                    .remoteAddress(new InetSocketAddress("127.0.0.1", server.quicPort()))
                    .connect();
            assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(f.isSuccess()).as("handshake with ALPN h2").isFalse();
            udp.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertThat(room.connected).isEmpty();
        assertThat(server.quicCounters().connectionsOpened()).isZero();
    }

    @Test
    void serverDisconnectDeliversQueuedReliableMessagesThenClosesWithReason() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        Await.until("connected", 5_000, () -> room.connected.size() == 1);
        long id = room.connected.iterator().next();
        DisconnectChecks.queuedReliableMessagesArriveBeforeTheClose(room, id, l, c);
    }

    @Test
    void closingTheTransportTellsEveryClientWhy() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener viaQuic = new QueueListener();
        QueueListener viaWs = new QueueListener();
        connect(viaQuic);
        clients.connectWebSocket(java.net.URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), viaWs)
                .get(5, TimeUnit.SECONDS);
        Await.until("both connected", 5_000, () -> room.connected.size() == 2);
        room.close();
        server.close();
        assertThat(viaQuic.closed().get(5, TimeUnit.SECONDS)).isEqualTo("server shutting down");
        assertThat(viaWs.closed().get(5, TimeUnit.SECONDS)).isEqualTo("server shutting down");
        assertThatThrownBy(() -> server.poll(room)).isInstanceOf(dev.aetheris.protocol.error.TransportException.class);
    }

    @Test
    void aClientPinningAnotherCertificateCannotConnect() throws Exception {
        start(TransportLimits.DEFAULT);
        String wrong = "00".repeat(32);
        assertThatThrownBy(() -> clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()), wrong,
                new QueueListener()).get(5, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
        Thread.sleep(100);
        assertThat(room.connected).isEmpty();
    }

    @Test
    void controlGoesFirstAndOnlyTheNewestStateLeavesWhenTheEventLoopFallsBehind() throws Exception {
        start(TransportLimits.DEFAULT);
        room.echo = false;
        QueueListener l = new QueueListener();
        connect(l);
        Await.until("connected", 5_000, () -> room.connected.size() == 1);
        long id = room.connected.iterator().next();
        Await.until("the client's stream is open", 5_000, () -> {
            try {
                return room.call(t -> t.connection(id).stream != null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
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
        assertThat(server.quicCounters().stateSuperseded()).as("tick 1's state was never taken").isEqualTo(1);
        hold.countDown();
        QueueListener.Received first = l.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(text(first.data())).as("reliable ahead of state").isEqualTo("control");
        QueueListener.Received next = l.poll(2_000, TimeUnit.MILLISECONDS);
        // A datagram may be lost, so only what arrives is checked: never the superseded state.
        if (next != null) {
            assertThat(text(next.data())).isEqualTo("state-2");
        }
        assertThat(l.poll(100, TimeUnit.MILLISECONDS)).as("the superseded state never leaves").isNull();
    }
}
