package dev.aetheris.bots;

import static dev.aetheris.bots.RoomsTest.await;
import static dev.aetheris.bots.RoomsTest.matchmake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.fleet.AgonesSdk;
import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ClusterConfig;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.testkit.AgonesStandIn;
import dev.aetheris.transport.client.ClientTransport;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with the Agones sidecar (a stand-in) tells it Ready, Health, counters, Allocate, Shutdown. */
class AgonesServerTest {

    @Test
    void theNodeReportsItsLifecycleToTheSidecar(@TempDir Path data) throws Exception {
        ServerConfig config = ServerConfig.devLoopback(data)
                .withCluster(new ClusterConfig("agones-node", "127.0.0.1", 4, 4, Duration.ZERO, Duration.ofSeconds(30)));
        try (AgonesStandIn sidecar = new AgonesStandIn();
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            List<String> calls = sidecar.calls();
            AetherisServer server = AetherisServer.start(config, "test", AetherisServer.builtInKinds(config),
                    Map.of(AgonesSdk.PORT_ENV, Integer.toString(sidecar.port())));
            try {
                await(() -> calls.contains("POST /ready {}") && calls.contains("POST /health {}"), "ready, then health");
                assertThat(calls).noneMatch(c -> c.startsWith("POST /allocate"));
                LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
                String token = api.devLogin("agones", false).get(10, TimeUnit.SECONDS);
                JsonNode seat = matchmake(http, server.httpPort(), token, "playground");
                AetherisClient player = AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1",
                        server.httpPort(), server.quicPort(), "ws", "agones", token, false)
                        .withReservation(seat.get("reservation").asText())).get(20, TimeUnit.SECONDS);
                await(() -> calls.contains("POST /allocate {}"), "allocated on the first seat");
                await(() -> calls.contains("PATCH /v1beta1/counters/players {\"count\":\"1\"}")
                        && calls.contains("PATCH /v1beta1/counters/rooms {\"count\":\"2\"}"), "counters follow the node");
                player.close();
                server.drain(Duration.ZERO);
            } finally {
                server.close();
            }
            assertThat(calls.getLast()).as("shutdown after the drain").isEqualTo("POST /shutdown {}");
            assertThat(calls.stream().filter(c -> c.startsWith("POST /allocate"))).hasSize(1);
        }
    }
}
