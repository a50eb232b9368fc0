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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebTransport sessions on the QUIC port, through the Java client: ordinary clients labelled {@code wt}. */
class WebTransportTransportTest {
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

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.quicPort() + path);
    }

    private ClientConnection connect(QueueListener l) throws Exception {
        return clients.connectWebTransport(uri(NettyGameTransport.WT_PATH), server.certificateSha256(), l)
                .get(5, TimeUnit.SECONDS);
    }

    /** Sends one reliable message and returns the client id the room loop saw it from. */
    private long greet(ClientConnection c) throws InterruptedException {
        c.sendReliable(bytes("hello"));
        Await.until("message", 5_000, () -> room.messages.size() == 1);
        return room.messages.keySet().iterator().next();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sessionsCarryOrderedReliableMessagesAndDatagramsBesideNativeQuicOnOnePort() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener wtListener = new QueueListener();
        ClientConnection wt = connect(wtListener);
        QueueListener quicListener = new QueueListener();
        ClientConnection quic = clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()),
                server.certificateSha256(), quicListener).get(5, TimeUnit.SECONDS);
        assertThat(wt.transport()).isEqualTo("wt");
        Await.until("both connected", 5_000, () -> room.connected.size() == 2);

        for (int m = 0; m < 50; m++) {
            assertThat(wt.sendReliable(bytes("r" + m))).isTrue();
        }
        for (int m = 0; m < 50; m++) {
            QueueListener.Received r = wtListener.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("echo %d", m).isNotNull();
            assertThat(r.reliable()).isTrue();
            assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("r" + m);
        }
        // A full-size datagram: the quarter-stream-id prefix must not push it over the limit.
        byte[] big = new byte[Sizes.MAX_SAFE_PAYLOAD_SIZE];
        Arrays.fill(big, (byte) 7);
        QueueListener.Received echoed = null;
        for (int attempt = 0; attempt < 5 && echoed == null; attempt++) { // datagrams may be lost
            assertThat(wt.sendUnreliable(big)).isTrue();
            echoed = wtListener.poll(1, TimeUnit.SECONDS);
        }
        assertThat(echoed).as("a %d-byte datagram made the round trip", big.length).isNotNull();
        assertThat(echoed.reliable()).isFalse();
        assertThat(echoed.data()).isEqualTo(big);

        assertThat(quic.sendReliable(bytes("native"))).isTrue();
        assertThat(new String(quicListener.poll(5, TimeUnit.SECONDS).data(), StandardCharsets.UTF_8))
                .isEqualTo("native");
        assertThat(server.wtCounters().connectionsOpened()).isEqualTo(1);
        assertThat(server.quicCounters().connectionsOpened()).isEqualTo(1);
        assertThat(server.wtCounters().messagesIn()).isGreaterThanOrEqualTo(51);
        long wtId = room.messages.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(x -> x.data().length == big.length))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<RoomLoop.Msg> got = room.messagesOf(wtId);
        assertThat(got.stream().filter(RoomLoop.Msg::reliable)).hasSize(50);
        quic.close();
        wt.close();
        Await.until("both disconnected", 5_000, () -> room.disconnected.size() == 2);
    }

    @Test
    void closingTheSessionReachesTheTickAsSessionClosed() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        long id = greet(c);
        c.close(); // CLOSE_WEBTRANSPORT_SESSION capsule
        Await.until("disconnect", 5_000, () -> room.disconnected.containsKey(id));
        assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.SESSION_CLOSED);
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(server.wtCounters().connectionsClosed()).isEqualTo(1);
        assertThat(server.connectedCount()).isZero();
    }

    @Test
    void aResetReliableStreamReachesTheTickAsStreamReset() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        long id = greet(c);
        c.resetReliableStream();
        Await.until("disconnect", 5_000, () -> room.disconnected.containsKey(id));
        assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.STREAM_RESET);
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("reliable stream closed");
    }

    @Test
    void aVanishedClientIsNoticedByTheIdleTimeoutNotReportedAsAClosedSession() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofSeconds(5), Duration.ofMillis(600)));
        ClientConnection c = connect(new QueueListener());
        long id = greet(c);
        c.abandon(); // no capsule, no CONNECTION_CLOSE: only the idle timeout can tell
        Await.until("idle disconnect", 5_000, () -> room.disconnected.containsKey(id));
        assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.DISCONNECTED);
        assertThat(server.wtCounters().idleTimeouts()).isEqualTo(1);
        assertThat(server.connectedCount()).isZero();
    }

    @Test
    void aServerDisconnectDeliversQueuedReliableMessagesBeforeTheCloseCapsule() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        long id = greet(c); // the server has the session's stream
        assertThat(l.poll(5, TimeUnit.SECONDS)).as("echo").isNotNull();
        DisconnectChecks.queuedReliableMessagesArriveBeforeTheClose(room, id, l, c);
    }

    @Test
    void closingTheTransportTellsEverySessionWhy() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        greet(connect(l));
        room.close();
        server.close();
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("server shutting down");
    }

    @Test
    void aSessionWithoutAuthIsClosedAtTheDeadlineWithTheReasonInTheCloseCapsule() throws Exception {
        start(TransportLimits.DEFAULT.withDeadlines(Duration.ofMillis(300), Duration.ofSeconds(15)));
        room.authOnFirstMessage = false;
        QueueListener l = new QueueListener();
        connect(l);
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("not authenticated in time");
        assertThat(server.wtCounters().authTimeouts()).isEqualTo(1);
        Await.until("disconnect reported", 5_000, () -> room.disconnected.size() == 1);
        assertThat(room.disconnected.values()).containsOnly(DisconnectReason.DISCONNECTED);
    }

    @Test
    void anOversizeMessageClosesTheSessionAndIsCounted() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        assertThat(c.sendReliable(new byte[TransportLimits.DEFAULT.maxMessageSize() + 1])).isTrue();
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("message too big");
        assertThat(server.wtCounters().oversizeCloses()).isEqualTo(1);
        assertThat(room.messages).isEmpty();
    }

    @Test
    void sessionsShareThePerIpConnectionRateAndAreCountedOnTheirOwnLabel() throws Exception {
        start(TransportLimits.DEFAULT.withConnectionRate(0.5, 2));
        QueueListener first = new QueueListener();
        ClientConnection keeper = connect(first);
        connect(new QueueListener());
        QueueListener third = new QueueListener();
        assertThatThrownBy(() -> connect(third)).isInstanceOf(ExecutionException.class);
        assertThat(server.wtCounters().rateLimited()).isEqualTo(1);
        assertThat(server.quicCounters().rateLimited()).isZero();
        assertThat(server.wtCounters().connectionsOpened()).isEqualTo(2);
        greet(keeper);
        assertThat(new String(first.poll(5, TimeUnit.SECONDS).data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void aSessionFarOverItsInboundBudgetIsClosedAndCounted() throws Exception {
        start(TransportLimits.DEFAULT.withInboundBudget(100_000, 20, 3));
        room.echo = false;
        QueueListener l = new QueueListener();
        ClientConnection c = connect(l);
        for (int i = 0; i < 200; i++) {
            c.sendReliable(new byte[] {1});
        }
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("inbound budget exceeded");
        assertThat(server.wtCounters().abuseCloses()).isEqualTo(1);
        assertThat(room.messages.values().stream().mapToLong(List::size).sum())
                .as("at most the hard cap's worth reached the room").isLessThanOrEqualTo(20L * TransportLimits.HARD_BUDGET_FACTOR);
    }

    @Test
    void aConnectToAnotherPathIsRefusedAndNoClientIsMade() throws Exception {
        start(TransportLimits.DEFAULT);
        QueueListener l = new QueueListener();
        assertThatThrownBy(() -> clients.connectWebTransport(uri("/elsewhere"), server.certificateSha256(), l)
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("status 404");
        assertThat(server.wtCounters().droppedInbound()).isEqualTo(1);
        assertThat(server.wtCounters().connectionsOpened()).isZero();
        assertThat(room.connected).isEmpty();
    }
}
