package dev.aetheris.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server on the JDK's built-in implementation that routes path prefixes to
 * {@link HttpHandler}s. Used for the admin endpoints (metrics, health) where no WebSocket is
 * needed; handlers run on a small worker pool.
 */
public final class JdkHttpServer implements AutoCloseable {
    /** Largest request body accepted. */
    public static final int MAX_BODY = 16 * 1024;

    private final HttpServer server;
    private final ExecutorService workers;

    private JdkHttpServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /**
     * Binds and starts.
     *
     * @param address where to listen (port 0 picks a free port)
     * @param routes  path prefix → handler; the longest matching prefix wins
     * @throws IOException if the address cannot be bound (the message names it)
     */
    public static JdkHttpServer start(InetSocketAddress address, Map<String, HttpHandler> routes) throws IOException {
        HttpServer s;
        try {
            s = HttpServer.create(address, 128);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("admin-http-", 0).daemon().factory());
        s.setExecutor(workers);
        List<Map.Entry<String, HttpHandler>> sorted = new LinkedHashMap<>(routes).entrySet().stream()
                .sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList();
        s.createContext("/", exchange -> serve(exchange, sorted));
        s.start();
        return new JdkHttpServer(s, workers);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private static void serve(HttpExchange ex, List<Map.Entry<String, HttpHandler>> routes) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            HttpHandler handler = null;
            for (Map.Entry<String, HttpHandler> r : routes) {
                if (path.startsWith(r.getKey())) {
                    handler = r.getValue();
                    break;
                }
            }
            HttpResponse response;
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                response = HttpResponse.json(413, "{\"error\":\"body_too_large\",\"message\":\"request bodies are limited to 16 KiB\"}");
            } else if (handler == null) {
                response = HttpResponse.text(404, "not found\n");
            } else {
                Map<String, String> headers = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getLast()));
                String query = ex.getRequestURI().getRawQuery();
                response = handler.handle(new HttpRequest(ex.getRequestMethod().toUpperCase(Locale.ROOT), path,
                        query == null ? "" : query, headers, body,
                        ex.getRemoteAddress().getAddress().getHostAddress()));
            }
            ex.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }
}
