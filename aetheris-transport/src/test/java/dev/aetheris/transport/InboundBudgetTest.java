package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientTransport;
import dev.aetheris.transport.client.QueueListener;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static Connection connection(TransportLimits limits) {
        EmbeddedChannel ch = new EmbeddedChannel();
        return new Connection(1, Connection.Kind.QUIC, ch, ch.remoteAddress(), new TransportCounters("quic"), null,
                limits);
    }

    @Test
    void overBudgetDatagramsAreDroppedWhileReliableMessagesPass() {
        TransportLimits limits = TransportLimits.DEFAULT.withInboundBudget(100_000, 10, 3);
        Connection c = connection(limits);
        long t = System.nanoTime();
        int admitted = 0;
        int dropped = 0;
        for (int i = 0; i < 15; i++) {
            int v = c.charge(10, false, limits, t);
            admitted += v == Connection.ADMIT ? 1 : 0;
            dropped += v == Connection.DROP ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(10);
        assertThat(dropped).isEqualTo(5);
        assertThat(c.charge(10, true, limits, t)).isEqualTo(Connection.ADMIT);
        // A new second starts a new budget.
        assertThat(c.charge(10, false, limits, t + SECOND)).isEqualTo(Connection.ADMIT);
    }

    @Test
    void byteBudgetCountsToo() {
        TransportLimits limits = TransportLimits.DEFAULT.withInboundBudget(70_000, 1_000, 3);
        Connection c = connection(limits);
        long t = 0;
        assertThat(c.charge(65_000, false, limits, t)).isEqualTo(Connection.ADMIT);
        assertThat(c.charge(10_000, false, limits, t)).isEqualTo(Connection.DROP);
    }

    @Test
    void sustainedAbuseClosesAfterTheConfiguredWindowsAndAFloodAtOnce() {
        TransportLimits limits = TransportLimits.DEFAULT.withInboundBudget(100_000, 10, 2);
        Connection c = connection(limits);
        long t = 0;
        int verdict = Connection.ADMIT;
        int window = 0;
        // 20 messages a second: over budget, under the hard cap. Two full over-budget windows are tolerated.
        for (; window < 5 && verdict != Connection.CLOSE; window++) {
            for (int i = 0; i < 20 && verdict != Connection.CLOSE; i++) {
                verdict = c.charge(1, false, limits, t + window * SECOND);
            }
        }
        assertThat(verdict).isEqualTo(Connection.CLOSE);
        assertThat(window).isEqualTo(3);

        Connection flood = connection(limits);
        int v = Connection.ADMIT;
        int sent = 0;
        while (v != Connection.CLOSE && sent < 1_000) {
            v = flood.charge(1, true, limits, 0);
            sent++;
        }
        assertThat(sent).isEqualTo(10 * TransportLimits.HARD_BUDGET_FACTOR + 1);

        Connection polite = connection(limits);
        for (int w = 0; w < 10; w++) {
            for (int i = 0; i < 10; i++) {
                assertThat(polite.charge(1, false, limits, w * SECOND)).isEqualTo(Connection.ADMIT);
            }
        }
    }

    @Test
    void overBudgetDatagramsAreCountedAndAFloodingClientIsClosed() throws Exception {
        TransportLimits limits = TransportLimits.DEFAULT.withInboundBudget(100_000, 20, 3);
        try (NettyGameTransport server = NettyGameTransport.start(TransportConfig.loopback(dir).withLimits(limits),
                Map.of()); RoomLoop room = new RoomLoop(server);
             ClientTransport clients = new ClientTransport(new ClientTransport.Options(1, Duration.ofSeconds(15),
                     1 << 16, Duration.ofSeconds(5)))) {
            room.echo = false;
            QueueListener l = new QueueListener();
            ClientConnection c = clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()),
                    server.certificateSha256(), l).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 40; i++) {
                c.sendUnreliable(new byte[] {(byte) i});
            }
            Await.until("drops counted", 5_000, () -> server.quicCounters().droppedInbound() > 0);
            Thread.sleep(200);
            long delivered = room.messages.values().stream().mapToLong(List::size).sum();
            assertThat(delivered).isLessThanOrEqualTo(40 - server.quicCounters().droppedInbound());
            assertThat(delivered).isPositive();
            // Far over the hard cap in one go: closed at once, counted.
            for (int i = 0; i < 200; i++) {
                c.sendReliable(new byte[] {1});
            }
            assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("inbound budget exceeded");
            assertThat(server.quicCounters().abuseCloses()).isEqualTo(1);
        }
    }
}
