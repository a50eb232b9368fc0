package dev.aetheris.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.server.metrics.TickMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** /metrics, /healthz and /readyz over a real socket on loopback. */
class AdminHttpTest {

    @Test
    void servesMetricsWithTheSeedNamesAndHealth() throws Exception {
        TickMetrics metrics = new TickMetrics();
        metrics.pingsReceived.inc();
        metrics.stageDuration[TickMetrics.SEND].record(0.001);
        AtomicBoolean ready = new AtomicBoolean(false);
        HealthHandler health = new HealthHandler(ready::get);
        Map<String, HttpHandler> routes = Map.of("/metrics", new MetricsHandler(List.of(metrics)),
                "/healthz", health, "/readyz", health);
        try (JdkHttpServer server = JdkHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), routes);
             HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> m = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            for (String name : List.of("aetheris_tick_duration_seconds", "aetheris_tick_cpu_seconds", "aetheris_stage_duration_seconds",
                    "aetheris_actual_tick_rate_hz", "aetheris_packets_inbound_total", "aetheris_packets_outbound_total",
                    "aetheris_packets_broadcast_total", "aetheris_connected_clients",
                    "aetheris_unprivileged_packets_total", "aetheris_transport_events_total",
                    "aetheris_protocol_pings_received_total", "aetheris_session_start_latency_seconds",
                    "aetheris_decode_errors_total", "aetheris_encode_errors_total", "aetheris_server_pong_dispatch_ms",
                    "aetheris_server_ping_hold_ms")) {
                assertThat(m.body()).contains("# TYPE " + name + " ");
            }
            assertThat(m.body()).contains("aetheris_protocol_pings_received_total 1\n")
                    .contains("aetheris_stage_duration_seconds_bucket{stage=\"send\",le=\"0.001\"} 1\n")
                    .contains("aetheris_stage_duration_seconds_count{stage=\"send\"} 1\n");

            assertThat(get(client, base + "/healthz")).isEqualTo(200);
            assertThat(get(client, base + "/readyz")).isEqualTo(503);
            ready.set(true);
            assertThat(get(client, base + "/readyz")).isEqualTo(200);
            assertThat(get(client, base + "/nope")).isEqualTo(404);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[20 * 1024])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(413);
        }
    }

    private static int get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
