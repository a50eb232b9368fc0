package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.transport.client.ClientTransport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code aetheris serve} processes on loopback sharing one embedded PostgreSQL form a
 * cluster: matchmaking at node a spreads rooms over all three, a reservation from node a seats
 * its player on node b, every node lists every room, a SIGKILLed node's rooms leave the listing
 * within the TTL while the other nodes' players play on, and SIGTERM drains a node under load
 * (no new seats, its players keep playing through the grace, then exit 0).
 */
class FleetProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        // Bounded: 400 polls 50 ms apart, never a wall-clock assertion.
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private HttpResponse<String> send(int port, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Room id → its listing, as node {@code port} answers {@code GET /v1/rooms}; empty if it did not answer 200. */
    private Map<String, JsonNode> listing(int port) {
        try {
            HttpResponse<String> r = send(port, "GET", "/v1/rooms", null, null);
            if (r.statusCode() != 200) {
                return Map.of();
            }
            Map<String, JsonNode> out = new HashMap<>();
            JSON.readTree(r.body()).get("rooms").forEach(n -> out.put(n.get("room_id").asText(), n));
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Room id → node id at node {@code port}; empty if it did not answer. */
    private Map<String, String> roomsAt(int port) {
        Map<String, String> out = new HashMap<>();
        listing(port).forEach((id, n) -> out.put(id, n.get("node_id").asText()));
        return out;
    }

    /** Whether node {@code port} answers a listing with rooms of every node in {@code live} and none of {@code gone}. */
    private boolean lists(int port, Set<String> live, String gone) {
        Map<String, String> rooms = roomsAt(port);
        return new HashSet<>(rooms.values()).equals(live) && !rooms.containsValue(gone);
    }

    /** Players in {@code roomId} as node {@code port} lists it, -1 if not listed. */
    private int playersAt(int port, String roomId) {
        JsonNode n = listing(port).get(roomId);
        return n == null ? -1 : n.get("players").asInt();
    }

    private static void copyKeys(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Whether the client still has its ship and gets a Pong; else why not. */
    private static boolean stillPlaying(AetherisClient c) throws InterruptedException {
        int before = c.stats().rttSamples().size();
        c.ping();
        for (int i = 0; i < 100 && c.stats().rttSamples().size() == before; i++) {
            Thread.sleep(50);
        }
        boolean ok = c.phase() == AetherisClient.Phase.POSSESSED && c.stats().rttSamples().size() > before;
        if (!ok) {
            System.err.println("not playing: phase " + c.phase() + ", closed: " + c.closeReason());
        }
        return ok;
    }

    @Test
    void threeNodesShareRoomsSeatsAcrossNodesSurviveAKillAndDrain(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ClientTransport transport = new ClientTransport()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            String[] common = {"--jdbc-url", url, "--room-capacity", "2", "--max-rooms", "3", "--public-host",
                "127.0.0.1", "--drain-grace", "20s"};
            NodeProcess a = NodeProcess.start(dir.resolve("a"), concat(common, "--node-id", "a"));
            assertThat(a.awaitBanner()).as("node a started").isTrue();
            // Every node verifies the tokens node a issues: same keys, as an operator would deploy them.
            copyKeys(dir.resolve("a/keys"), dir.resolve("b/keys"));
            copyKeys(dir.resolve("a/keys"), dir.resolve("c/keys"));
            NodeProcess b = NodeProcess.start(dir.resolve("b"), concat(common, "--node-id", "b"));
            NodeProcess c = NodeProcess.start(dir.resolve("c"), concat(common, "--node-id", "c"));
            List<AetherisClient> players = new java.util.concurrent.CopyOnWriteArrayList<>();
            // Every player flies on, 10 inputs a second (players that say nothing are closed by the
            // server's 15 s idle timeout): the load the drain must carry.
            Thread keepAlive = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    players.forEach(p -> p.sendInput(1f, 0f, false));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (a; b; c) {
                assertThat(b.awaitBanner()).as("node b started").isTrue();
                assertThat(c.awaitBanner()).as("node c started").isTrue();
                await(() -> roomsAt(a.httpPort).size() == 3, "the three default rooms are listed");

                // Six players matchmake at node a: rooms of two, spread over the least-loaded nodes.
                LoginApi loginA = new LoginApi(http, "127.0.0.1", a.httpPort);
                Map<String, String> roomNode = new HashMap<>();
                Map<String, List<AetherisClient>> byNode = new HashMap<>();
                for (int i = 0; i < 6; i++) {
                    String token = loginA.devLogin("player" + i, false).get(20, TimeUnit.SECONDS);
                    HttpResponse<String> r = send(a.httpPort, "POST", "/v1/matchmake", token, "{\"kind\":\"playground\"}");
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    JsonNode seat = JSON.readTree(r.body());
                    String node = seat.get("node_id").asText();
                    roomNode.put(seat.get("room_id").asText(), node);
                    URI ws = URI.create(seat.get("ws_url").asText());
                    ClientOptions o = new ClientOptions(ws.getHost(), ws.getPort(), 1, "ws", "player" + i, token, false)
                            .withReservation(seat.get("reservation").asText());
                    AetherisClient p = AetherisClient.connect(transport, loginA, o).get(30, TimeUnit.SECONDS);
                    players.add(p);
                    byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(p);
                }
                assertThat(roomNode).hasSize(3);
                assertThat(new HashSet<>(roomNode.values())).as("rooms spread over every node")
                        .containsExactlyInAnyOrder("a", "b", "c");
                assertThat(byNode.get("b")).as("seated on node b by a reservation from node a").hasSize(2);

                // Every node lists every room of the cluster, each matchmade room with its two players
                // (seated in that room, not in the node's default room).
                Set<String> all = new HashSet<>(roomNode.keySet());
                for (NodeProcess n : List.of(a, b, c)) {
                    await(() -> roomsAt(n.httpPort).keySet().containsAll(all) && roomsAt(n.httpPort).size() == 6,
                            "node on port " + n.httpPort + " lists all six rooms");
                    await(() -> all.stream().allMatch(r -> playersAt(n.httpPort, r) == 2),
                            "node on port " + n.httpPort + " lists two players in every matchmade room");
                }

                // SIGKILL node c: its rooms leave the listing within the TTL; a's and b's players play on.
                c.process.destroyForcibly();
                await(() -> lists(a.httpPort, Set.of("a", "b"), "c") && lists(b.httpPort, Set.of("a", "b"), "c"),
                        "node c's rooms are gone from every listing, a's and b's stay");
                for (String n : List.of("a", "b")) {
                    for (AetherisClient p : byNode.get(n)) {
                        assertThat(stillPlaying(p)).as("a player on node %s plays on", n).isTrue();
                    }
                }

                // Node a gets busier than b (a player in its default room, no reservation), so a directory
                // that ignored b's drain would seat the next player on b.
                String upstreamToken = loginA.devLogin("upstream", false).get(20, TimeUnit.SECONDS);
                AetherisClient upstream = AetherisClient.connect(transport, loginA,
                        new ClientOptions("127.0.0.1", a.httpPort, 1, "ws", "upstream", upstreamToken, false))
                        .get(30, TimeUnit.SECONDS);
                players.add(upstream);
                byNode.get("a").add(upstream);
                await(() -> playersAt(b.httpPort, "playground-a") == 1, "node a's default room lists its player");

                // Drain node b under load: no new seats there, its players keep playing, then exit 0.
                String token = loginA.devLogin("late", false).get(20, TimeUnit.SECONDS);
                b.process.destroy(); // SIGTERM
                await(() -> {
                    try {
                        return send(b.httpPort, "POST", "/v1/matchmake", token, "{\"kind\":\"playground\"}")
                                .statusCode() == 503;
                    } catch (Exception e) {
                        return false;
                    }
                }, "a draining node refuses new seats");
                for (AetherisClient p : byNode.get("b")) {
                    assertThat(stillPlaying(p)).as("a player on draining node b plays on").isTrue();
                }
                HttpResponse<String> elsewhere = send(a.httpPort, "POST", "/v1/matchmake", token,
                        "{\"kind\":\"playground\"}");
                assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);
                assertThat(JSON.readTree(elsewhere.body()).get("node_id").asText()).as("not the draining node")
                        .isEqualTo("a");
                URI late = URI.create(JSON.readTree(elsewhere.body()).get("ws_url").asText());
                AetherisClient latecomer = AetherisClient.connect(transport, loginA,
                        new ClientOptions(late.getHost(), late.getPort(), 1, "ws", "late", token, false)
                                .withReservation(JSON.readTree(elsewhere.body()).get("reservation").asText()))
                        .get(30, TimeUnit.SECONDS);
                players.add(latecomer);
                byNode.get("a").add(latecomer);
                for (AetherisClient p : byNode.get("b")) {
                    assertThat(stillPlaying(p)).as("a player on draining node b still plays, later in the grace").isTrue();
                }
                assertThat(b.process.waitFor(60, TimeUnit.SECONDS)).as("node b exits after its grace").isTrue();
                assertThat(b.process.exitValue()).isZero();
                for (AetherisClient p : byNode.get("b")) {
                    await(() -> p.phase() == AetherisClient.Phase.CLOSED, "node b's players were closed at the end");
                }
                await(() -> lists(a.httpPort, Set.of("a"), "b"), "node b left the listing");
                for (AetherisClient p : byNode.get("a")) {
                    assertThat(stillPlaying(p)).as("node a's players never noticed").isTrue();
                }
            } finally {
                keepAlive.interrupt();
                players.forEach(AetherisClient::close);
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
