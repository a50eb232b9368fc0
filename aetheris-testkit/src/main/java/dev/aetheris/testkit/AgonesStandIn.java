package dev.aetheris.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the Agones SDK sidecar: answers the documented REST paths with 200 and
 * records every call as {@code "METHOD /path body"}.
 */
public final class AgonesStandIn implements AutoCloseable {
    private static final List<String> PATHS = List.of("/ready", "/health", "/allocate", "/shutdown",
            "/v1beta1/counters/");
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    /** Starts it on an ephemeral loopback port. */
    public AgonesStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean known = PATHS.stream().anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p));
            calls.add(ex.getRequestMethod() + " " + path + " " + body);
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(known ? 200 : 404, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    /** Every call so far as {@code "METHOD /path body"}, in order (a live, thread-safe view). */
    public List<String> calls() {
        return calls;
    }

    /** Its port: what {@code AGONES_SDK_HTTP_PORT} would say. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
