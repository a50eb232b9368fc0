package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientListener;
import dev.aetheris.transport.client.ClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged Auths against the real server over real sockets: four connections send well-formed
 * ES256 tokens with broken signatures as fast as their budget allows while a player plays. The
 * player keeps getting answers, each flooder is closed after three failed Auths, and the verifier
 * never holds more than its bound.
 */
class AuthFloodTest {
    private static final int FLOODERS = 4;

    private static final class Closed implements ClientListener {
        final CompletableFuture<String> reason = new CompletableFuture<>();

        @Override
        public void onMessage(byte[] data, boolean reliable) {
        }

        @Override
        public void onClosed(String why) {
            reason.complete(why);
        }
    }

    private static double metric(LoginApi api, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+]+)$").matcher(api.get("/metrics"));
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The token with its signature's middle character changed: well-formed, but it does not verify. */
    static String forge(String token) {
        int dot = token.lastIndexOf('.');
        int mid = dot + (token.length() - dot) / 2;
        char replacement = token.charAt(mid) == 'x' ? 'y' : 'x';
        return token.substring(0, mid) + replacement + token.substring(mid + 1);
    }

    @Test
    void fourFloodersAreClosedAfterThreeFailuresWhileAPlayerKeepsGettingAnswers(@TempDir Path data) throws Exception {
        try (AetherisServer server = AetherisServer.start(ServerConfig.devLoopback(data), "test");
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
            AetherisClient player = AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1",
                    server.httpPort(), server.quicPort(), "ws", "steady", null, false)).get(20, TimeUnit.SECONDS);
            String forged = forge(api.devLogin("victim", false).get(10, TimeUnit.SECONDS));
            byte[] buf = new byte[4096];
            byte[] auth = Arrays.copyOf(buf, new MsgpackCodec().encodeEvent(new WireEvent.Auth(forged), buf, 0));

            URI ws = URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
            List<Closed> watchers = new ArrayList<>();
            List<ClientConnection> flooders = new ArrayList<>();
            for (int i = 0; i < FLOODERS; i++) {
                Closed w = new Closed();
                watchers.add(w);
                flooders.add(transport.connectWebSocket(ws, w).get(10, TimeUnit.SECONDS));
            }
            int before = player.stats().rttSamples().size();
            // 15 Auths per flooder every 16 ms (≈ 900/s each, under the per-connection message budget),
            // and a ping from the player every 50 ms, until every flooder is closed or 10 s passed.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int round = 0;
            while (System.nanoTime() < until && watchers.stream().anyMatch(w -> !w.reason.isDone())) {
                for (ClientConnection f : flooders) {
                    for (int k = 0; k < 15 && f.isOpen(); k++) {
                        f.sendReliable(auth);
                    }
                }
                if (round++ % 3 == 0) {
                    player.ping();
                }
                Thread.sleep(16);
            }
            for (Closed w : watchers) {
                assertThat(w.reason.get(5, TimeUnit.SECONDS)).isEqualTo("too many failed Auth attempts");
            }
            for (int i = 0; i < 10; i++) {
                player.ping();
                Thread.sleep(50);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (player.stats().rttSamples().size() < before + 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(player.stats().rttSamples().size()).as("the player's pings are answered").isGreaterThan(before);
            assertThat(player.phase()).isEqualTo(AetherisClient.Phase.POSSESSED);
            assertThat(metric(api, "aetheris_auth_failure_closes_total")).isEqualTo(FLOODERS);
            assertThat(metric(api, "aetheris_auth_rejected_total{reason=\"bad_signature\"}"))
                    .as("three signature checks per flooder, whatever it sent").isEqualTo(3.0 * FLOODERS);
            assertThat(metric(api, "aetheris_auth_dropped_in_flight_total")).isPositive();
            assertThat(metric(api, "aetheris_auth_verifier_in_flight_max")).isBetween(1.0,
                    (double) dev.aetheris.server.tick.AuthVerifier.DEFAULT_CAPACITY);
        }
    }

    @Test
    void theAuthDeadlineClosesWith1008(@TempDir Path data) throws Exception {
        try (AetherisServer server = AetherisServer.start(ServerConfig.devLoopback(data), "test");
             HttpClient http = HttpClient.newHttpClient()) {
            CompletableFuture<Integer> code = new CompletableFuture<>();
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                    new java.net.http.WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int c,
                                                                                String why) {
                            code.complete(c);
                            return null;
                        }

                        @Override
                        public void onError(java.net.http.WebSocket w, Throwable error) {
                            code.completeExceptionally(error);
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertThat(code.get(15, TimeUnit.SECONDS)).isEqualTo(1008);
        }
    }
}
