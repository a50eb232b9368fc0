package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ClusterConfig;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.server.room.Room;
import dev.aetheris.transport.client.ClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process, many rooms: matchmaking fills a room to capacity then creates the next one; a
 * reservation seats its player in its room on its own loop; forged and reused reservations are
 * refused and counted; a client without JoinRoom plays in the default room; an unused room is
 * disposed after its grace period.
 */
class RoomsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode matchmake(HttpClient http, int port, String token, String kind) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/matchmake")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"" + kind + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void matchmakingSeatsPlayersInRoomsOfTheirOwnAndRefusesForgedOrReusedSeats(@TempDir Path data) throws Exception {
        ServerConfig config = ServerConfig.devLoopback(data)
                .withCluster(new ClusterConfig("solo", "127.0.0.1", 2, 4, Duration.ZERO, Duration.ofMillis(500)));
        try (AetherisServer server = AetherisServer.start(config, "test");
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
            ClientOptions base = new ClientOptions("127.0.0.1", server.httpPort(), server.quicPort(), "ws", "p", null,
                    false);
            List<JsonNode> seats = new ArrayList<>();
            List<AetherisClient> players = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String token = api.devLogin("p" + i, false).get(10, TimeUnit.SECONDS);
                long before = System.currentTimeMillis();
                JsonNode seat = matchmake(http, server.httpPort(), token, "playground");
                long after = System.currentTimeMillis();
                seats.add(seat);
                List<String> fields = new ArrayList<>();
                seat.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).containsExactlyInAnyOrder("room_id", "node_id", "ws_url", "quic", "reservation",
                        "expires_at");
                assertThat(seat.get("node_id").asText()).isEqualTo("solo");
                assertThat(seat.get("ws_url").asText()).isEqualTo("ws://127.0.0.1:" + server.httpPort() + "/ws");
                assertThat(seat.get("quic").asText()).isEqualTo("127.0.0.1:" + server.quicPort());
                // Held 15 s from when it was issued (the server's wall clock, read between before and after).
                assertThat(seat.get("expires_at").asLong()).isBetween(before + 15_000, after + 15_000);
                ClientOptions o = new ClientOptions("127.0.0.1", server.httpPort(), server.quicPort(), "ws", "p" + i,
                        token, false).withReservation(seat.get("reservation").asText());
                players.add(AetherisClient.connect(transport, api, o).get(20, TimeUnit.SECONDS));
            }
            // The default room is for clients without a reservation: matchmaking makes rooms of its own.
            String first = seats.get(0).get("room_id").asText();
            assertThat(seats.get(1).get("room_id").asText()).as("the room still had space").isEqualTo(first);
            String second = seats.get(2).get("room_id").asText();
            assertThat(second).as("capacity 2 reached").isNotEqualTo(first);
            await(() -> playersIn(server, first) == 2 && playersIn(server, second) == 1, "players seated in their rooms");
            assertThat(server.rooms().room(first).tick()).isNotSameAs(server.rooms().room(second).tick());

            // Stolen, forged, reused by its own player: refused with the reason, counted.
            String token = api.devLogin("thief", false).get(10, TimeUnit.SECONDS);
            ClientOptions thief = new ClientOptions("127.0.0.1", server.httpPort(), server.quicPort(), "ws", "thief",
                    token, false);
            assertRefused(transport, api, thief.withReservation(seats.get(2).get("reservation").asText()));
            assertRefused(transport, api, thief.withReservation("forged.reservation"));
            // (In the room with space: a connection to a full room is closed before any seat is judged.)
            String again = api.devLogin("p2", false).get(10, TimeUnit.SECONDS);
            assertRefused(transport, api, new ClientOptions("127.0.0.1", server.httpPort(), server.quicPort(), "ws",
                    "p2", again, false).withReservation(seats.get(2).get("reservation").asText()));
            String metrics = api.get("/metrics");
            assertThat(metrics).contains("aetheris_seat_refusals_total{reason=\"forged\"} 1")
                    .contains("aetheris_seat_refusals_total{reason=\"wrong_player\"} 1")
                    .contains("aetheris_seat_refusals_total{reason=\"reused\"} 1")
                    .contains("aetheris_seat_refusals_total{reason=\"missing\"} 0")
                    .contains("aetheris_room_wait_dropped_total 0")
                    .contains("aetheris_seats_granted_total 3")
                    .contains("aetheris_room_players{room=\"" + second + "\",kind=\"playground\"} 1");

            // No JoinRoom: the default room, as upstream clients expect.
            AetherisClient upstream = AetherisClient.connect(transport, api, base).get(20, TimeUnit.SECONDS);
            String defaultRoom = server.rooms().defaultRoomHandle().id();
            await(() -> playersIn(server, defaultRoom) == 1, "an upstream client plays in the default room");

            JsonNode listed = get(http, server.httpPort(), "/v1/rooms").get("rooms");
            List<String> ids = new ArrayList<>();
            listed.forEach(r -> ids.add(r.get("room_id").asText()));
            await(() -> {
                try {
                    JsonNode now = get(http, server.httpPort(), "/v1/rooms").get("rooms");
                    if (now.size() != 3) {
                        return false;
                    }
                    for (JsonNode r : now) {
                        List<String> fields = new ArrayList<>();
                        r.fieldNames().forEachRemaining(fields::add);
                        assertThat(fields).containsExactlyInAnyOrder("room_id", "node_id", "kind", "players", "capacity");
                    }
                    JsonNode firstListed = null;
                    for (JsonNode r : now) {
                        if (r.get("room_id").asText().equals(first)) {
                            firstListed = r;
                        }
                    }
                    return firstListed != null && firstListed.get("node_id").asText().equals("solo")
                            && firstListed.get("kind").asText().equals("playground")
                            && firstListed.get("players").asInt() == 2 && firstListed.get("capacity").asInt() == 2;
                } catch (Exception e) {
                    return false;
                }
            }, "three rooms listed");

            // The room of the third player empties and is disposed after its grace; the others play on.
            players.get(2).close();
            await(() -> server.rooms().room(second) == null, "an unused room is disposed");
            assertThat(server.rooms().room(first)).isNotNull();
            assertThat(players.get(0).phase()).isEqualTo(AetherisClient.Phase.POSSESSED);
            upstream.close();
            players.forEach(AetherisClient::close);
        }
    }

    private static int playersIn(AetherisServer server, String roomId) {
        Room r = server.rooms().room(roomId);
        return r == null ? -1 : r.players();
    }

    private static void assertRefused(ClientTransport transport, LoginApi api, ClientOptions o) throws Exception {
        try {
            AetherisClient c = AetherisClient.connect(transport, api, o).get(20, TimeUnit.SECONDS);
            await(() -> c.phase() == AetherisClient.Phase.CLOSED, "refused client closed");
            assertThat(c.closeReason()).startsWith("seat reservation refused");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).hasMessageContaining("seat reservation refused");
        }
    }
}
