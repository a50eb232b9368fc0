package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.transport.client.ClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real {@code aetheris serve} process under load (players flying, logins being
 * written): SIGKILL and restart keep sessions, revocations and the database; SIGTERM ends the
 * process cleanly and tells every player why.
 */
class FaultsProcessTest {
    private static final int PLAYERS = 16;

    /** Players flying and a stream of logins, until stopped. */
    private static final class Load implements AutoCloseable {
        final List<AetherisClient> players = new ArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger logins = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();

        Load(ClientTransport transport, LoginApi api, int httpPort) throws Exception {
            for (int i = 0; i < PLAYERS; i++) {
                players.add(AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1", httpPort, 1, "ws",
                        "load-" + i, null, false)).get(20, TimeUnit.SECONDS));
            }
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                int tick = 0;
                while (running.get()) {
                    for (AetherisClient c : players) {
                        c.sendInput((tick % 7) / 7f, 1f, tick % 5 == 0);
                    }
                    tick++;
                    sleep(33);
                }
            }));
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    try {
                        api.devLogin("writer-" + logins.get(), false).get(5, TimeUnit.SECONDS);
                        logins.incrementAndGet();
                    } catch (Exception e) {
                        return; // the server went away: what the test does to it
                    }
                }
            }));
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(5_000);
            }
            for (AetherisClient c : players) {
                c.close();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int post(HttpClient http, int port, String path, String token) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void killNineUnderLoadThenRestartKeepsSessionsRevocationsAndTheDatabase(@TempDir Path data) throws Exception {
        int port = ServeProcess.freePort();
        Process p = ServeProcess.startAndAwaitBanner(data, port);
        String kept;
        String revoked;
        int loginsBeforeKill;
        try (HttpClient http = HttpClient.newHttpClient(); ClientTransport transport = new ClientTransport()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", port);
            kept = api.devLogin("keeper", false).get(10, TimeUnit.SECONDS);
            revoked = api.devLogin("leaver", false).get(10, TimeUnit.SECONDS);
            assertThat(post(http, port, "/v1/auth/logout", revoked)).isEqualTo(200);
            try (Load load = new Load(transport, api, port)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (load.logins.get() < 20 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(load.logins.get()).as("logins written while under load").isGreaterThanOrEqualTo(20);
                p.destroyForcibly(); // SIGKILL, in the middle of the writes
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                loginsBeforeKill = load.logins.get();
            }
        } finally {
            p.destroyForcibly();
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("aetheris.db"));
             Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sessions")) {
                rs.next();
                // keeper, leaver, the players and every login that was answered before the kill
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(2 + PLAYERS + loginsBeforeKill);
            }
        }

        int port2 = ServeProcess.freePort();
        Process again = ServeProcess.startAndAwaitBanner(data, port2);
        try (HttpClient http = HttpClient.newHttpClient(); ClientTransport transport = new ClientTransport()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", port2);
            AetherisClient keeper = AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1", port2, 1,
                    "ws", "keeper", kept, false)).get(20, TimeUnit.SECONDS);
            assertThat(keeper.phase()).as("a session from before the kill still plays").isEqualTo(AetherisClient.Phase.POSSESSED);
            keeper.close();
            assertThat(post(http, port2, "/v1/auth/refresh", revoked)).as("a logout from before the kill holds")
                    .isEqualTo(401);
        } finally {
            again.destroy();
            assertThat(again.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void sigtermUnderLoadExitsZeroWithinFiveSecondsAndEveryPlayerGetsACloseReason(@TempDir Path data)
            throws Exception {
        int port = ServeProcess.freePort();
        Process p = ServeProcess.startAndAwaitBanner(data, port);
        try (HttpClient http = HttpClient.newHttpClient(); ClientTransport transport = new ClientTransport()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", port);
            try (Load load = new Load(transport, api, port)) {
                Thread.sleep(1_000);
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
                assertThat(p.exitValue()).isZero();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (load.players.stream().anyMatch(c -> c.closeReason() == null) && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(load.players).allSatisfy(c -> assertThat(c.closeReason()).contains("shutting down"));
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
