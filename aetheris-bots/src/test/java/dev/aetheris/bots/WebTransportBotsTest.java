package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ServerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bots over WebTransport against the real server on loopback: every bot takes its ship over the
 * session's stream, plays on datagrams, and its session ends as SessionClosed when the run stops.
 */
class WebTransportBotsTest {

    @Test
    void twentyWebTransportBotsPossessPlayAndCloseTheirSessions(@TempDir Path data) throws Exception {
        try (AetherisServer server = AetherisServer.start(ServerConfig.devLoopback(data), "test")) {
            BotsOptions o = new BotsOptions("127.0.0.1", server.httpPort(), server.quicPort(), "wt", 20,
                    Duration.ofSeconds(8), Duration.ofSeconds(1), null, "fly", 0, Integer.MAX_VALUE);
            long[] closedWhileUp = new long[1];
            BotReport r = new BotRun(o, new PrintStream(OutputStream.nullOutputStream())).run(clients -> {
                // Close every session while the bots' event loops still run, then wait for the tick.
                clients.forEach(dev.aetheris.client.AetherisClient::close);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (server.metrics().sessionClosedEvents.get() < clients.size() && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                }
                closedWhileUp[0] = server.metrics().sessionClosedEvents.get();
            });
            assertThat(r.possessed()).as(r.toJson()).isEqualTo(20);
            assertThat(r.decodeErrors()).as(r.toJson()).isZero();
            assertThat(r.disconnects()).as(r.toJson()).isZero();
            // Rates depend on how busy the machine is; that inputs went up and state came down does not.
            assertThat(r.inputRatePerClient()).as(r.toJson()).isPositive();
            assertThat(r.entityUpdatesPerS()).as(r.toJson()).isPositive();
            assertThat(r.mirrorEntitiesMin()).as(r.toJson()).isPositive();
            assertThat(closedWhileUp[0]).as("sessions ended as SessionClosed (%d stream resets)",
                    server.metrics().streamResetEvents.get()).isEqualTo(20);
            assertThat(server.metrics().streamResetEvents.get()).isZero();
        }
    }
}
