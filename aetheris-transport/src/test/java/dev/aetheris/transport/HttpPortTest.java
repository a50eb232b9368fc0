package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpPortTest {
    @TempDir
    Path dir;
    private NettyGameTransport server;
    private final Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    @AfterAll
    static void leaks() throws InterruptedException {
        LeakCheck.assertNoLeaks();
    }

    private HttpHandler named(String name) {
        return req -> {
            handlerThreads.add(Thread.currentThread().getName());
            return HttpResponse.text(200, name + " " + req.method() + " " + req.path() + " q=" + req.query() + " body="
                    + req.bodyText() + " from=" + req.remoteAddress() + " h=" + req.header("X-Test"));
        };
    }

    private void start(Map<String, HttpHandler> routes) throws Exception {
        server = NettyGameTransport.start(TransportConfig.loopback(dir).withPorts(0, TransportConfig.QUIC_DISABLED),
                routes);
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("X-Test", "yes").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesByLongestPrefixOnWorkerThreads() throws Exception {
        start(Map.of("/v1/auth/", named("auth"), "/metrics", named("metrics"), "/", named("root")));
        assertThat(get("/v1/auth/refresh?x=1").body())
                .isEqualTo("auth GET /v1/auth/refresh q=x=1 body= from=127.0.0.1 h=yes");
        assertThat(get("/metrics").body()).startsWith("metrics GET /metrics");
        assertThat(get("/metrics/sub").body()).startsWith("metrics GET /metrics/sub");
        assertThat(get("/metricsfoo").body()).startsWith("root GET /metricsfoo");
        assertThat(get("/index.html").body()).startsWith("root GET /index.html");
        var post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/v1/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("POST /v1/auth/login").contains("body={\"a\":1}");
        assertThat(handlerThreads).isNotEmpty().allMatch(n -> n.startsWith("aetheris-http-"));
    }

    @Test
    void unknownPathsAre404AndLargeBodiesAre413() throws Exception {
        start(Map.of("/healthz", req -> HttpResponse.text(200, "ok\n")));
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        var big = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[NettyGameTransport.MAX_HTTP_BODY + 1])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        var fits = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[NettyGameTransport.MAX_HTTP_BODY])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(fits.statusCode()).isEqualTo(200);
    }

    @Test
    void aThrowingHandlerGives500AndKeepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        start(Map.of("/boom", req -> {
            throw new IllegalStateException("bug");
        }, "/ok", req -> HttpResponse.text(200, "ok")));
        try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            // Two pipelined requests on one connection: answers come back in order.
            out.write(("GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String first = readResponse(in);
            String second = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 500").containsIgnoringCase("connection: keep-alive");
            assertThat(second).startsWith("HTTP/1.1 200").endsWith("ok");
        }
    }

    @Test
    void theCertificateHashHandlerServesThePinAsJson() throws Exception {
        String hash = "ab".repeat(32);
        start(Map.of("/v1/dev/cert-hash", new CertificateHashHandler(hash)));
        var r = get("/v1/dev/cert-hash");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"algorithm\":\"sha-256\",\"hash\":\"" + hash + "\"}");
        // With the QUIC port known, the page also learns where WebTransport is.
        var wt = new CertificateHashHandler(hash, () -> 4433).handle(new dev.aetheris.protocol.http.HttpRequest("GET",
                "/v1/dev/cert-hash", "", Map.of(), new byte[0], "127.0.0.1"));
        assertThat(new String(wt.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"algorithm\":\"sha-256\",\"hash\":\""
                + hash + "\",\"quic_port\":4433,\"webtransport_path\":\"/wt\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CertificateHashHandler("xyz"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricsTextNamesEveryTransport() throws Exception {
        start(Map.of());
        StringBuilder sb = new StringBuilder();
        server.appendPrometheus(sb);
        String text = sb.toString();
        assertThat(text).contains("# TYPE aetheris_transport_connections_opened_total counter\n")
                .contains("aetheris_transport_connections_opened_total{transport=\"ws\"} 0\n")
                .contains("aetheris_transport_auth_timeouts_total{transport=\"quic\"} 0\n")
                .contains("aetheris_transport_rate_limited_total{transport=\"ws\"} 0\n")
                .contains("aetheris_transport_garbage_closes_total{transport=\"quic\"} 0\n")
                .contains("aetheris_http_request_timeouts_total 0\n")
                .contains("aetheris_http_connections_refused_total 0\n")
                .contains("aetheris_transport_connections_open{transport=\"wt\"} 0\n");
        // 17 per-transport metrics (ws, quic and wt) and 3 for plain HTTP
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE")).count()).isEqualTo(20);
        assertThat(text.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(3 * 17 + 3);
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed early: " + head);
            }
            head.append((char) b);
        }
        int len = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(len);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
