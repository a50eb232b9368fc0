package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientListener;
import dev.aetheris.transport.client.ClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abuse against the real server over real sockets: silence, garbage and oversize messages are
 * closed or dropped and counted, and a player connected all along keeps playing.
 */
class AbuseTest {

    /** Counts closes; ignores messages. */
    private static final class Watcher implements ClientListener {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onMessage(byte[] data, boolean reliable) {
        }

        @Override
        public void onClosed(String reason) {
            closed.countDown();
        }
    }

    private static long metric(LoginApi api, String name, String labels) throws Exception {
        String text = api.get("/metrics");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}"))
                + " ([0-9.eE+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void silenceGarbageAndOversizeAreClosedOrDroppedAndCountedWhilePlayersPlayOn(@TempDir Path data)
            throws Exception {
        try (AetherisServer server = AetherisServer.start(ServerConfig.devLoopback(data), "test");
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
            AetherisClient player = AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1",
                    server.httpPort(), server.quicPort(), "ws", "steady", null, false)).get(20, TimeUnit.SECONDS);
            URI ws = URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");

            Watcher silent = new Watcher();
            transport.connectWebSocket(ws, silent).get(10, TimeUnit.SECONDS);

            Watcher garbage = new Watcher();
            ClientConnection g = transport.connectWebSocket(ws, garbage).get(10, TimeUnit.SECONDS);
            Random r = new Random(3);
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[1 + r.nextInt(200)];
                r.nextBytes(junk);
                g.sendReliable(junk);
            }

            // Our own connector refuses to send oversize messages, so use the JDK's WebSocket client.
            CountDownLatch oversizeClosed = new CountDownLatch(1);
            java.net.http.WebSocket raw = http.newWebSocketBuilder().buildAsync(ws, new java.net.http.WebSocket.Listener() {
                @Override
                public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String why) {
                    oversizeClosed.countDown();
                    return null;
                }

                @Override
                public void onError(java.net.http.WebSocket w, Throwable error) {
                    oversizeClosed.countDown();
                }
            }).get(10, TimeUnit.SECONDS);
            raw.sendBinary(java.nio.ByteBuffer.allocate(1 << 20), true);

            assertThat(oversizeClosed.await(10, TimeUnit.SECONDS)).as("oversize message closes").isTrue();
            assertThat(silent.closed.await(10, TimeUnit.SECONDS)).as("no Auth within 5 s closes").isTrue();
            assertThat(garbage.closed.await(10, TimeUnit.SECONDS)).as("never authenticated: closed at the deadline")
                    .isTrue();
            assertThat(metric(api, "aetheris_transport_auth_timeouts_total", "transport=\"ws\"")).isGreaterThanOrEqualTo(2);
            assertThat(metric(api, "aetheris_unprivileged_packets_total", "")).isGreaterThanOrEqualTo(50);
            assertThat(metric(api, "aetheris_transport_oversize_closes_total", "transport=\"ws\"")).isEqualTo(1);

            // Unharmed: the player who was there all along still gets answers and state.
            long before = player.stats().rttSamples().size();
            player.ping();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (player.stats().rttSamples().size() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(player.stats().rttSamples()).hasSizeGreaterThan((int) before);
            assertThat(player.phase()).isEqualTo(AetherisClient.Phase.POSSESSED);
            assertThat(player.stats().decodeErrors()).isZero();
        }
    }

    @Test
    void aConnectionFloodFromOneAddressIsRateLimitedAndCounted(@TempDir Path data) throws Exception {
        // Production limits (20 new connections per second per IP, burst 40); dev mode relaxes them.
        ServerConfig prod = new ServerConfig(false, "127.0.0.1", 0, -1, data, 60, 0, 1000, 1000, "playground", 1,
                null, null, java.util.Set.of(), null, null, 300f, 48 * 1024, 4000f, null);
        try (AetherisServer server = AetherisServer.start(prod, "test");
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            URI ws = URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
            List<CompletableFuture<ClientConnection>> flood = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                flood.add(transport.connectWebSocket(ws, new Watcher()));
            }
            int opened = 0;
            for (CompletableFuture<ClientConnection> f : flood) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                    opened++;
                } catch (Exception e) {
                    // refused: what this test is about
                }
            }
            assertThat(opened).as("the burst allowance still lets some in").isBetween(1, 149);
            LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
            long limited = metric(api, "aetheris_transport_rate_limited_total", "transport=\"ws\"");
            assertThat(limited).as("connections refused by the per-IP limit").isGreaterThanOrEqualTo(50);
            assertThat(api.get("/readyz")).contains("ready");
        }
    }
}
