package dev.aetheris.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Agones SDK sidecar's REST API on {@code localhost:$AGONES_SDK_HTTP_PORT}: lifecycle calls
 * ({@code /ready}, {@code /health}, {@code /allocate}, {@code /shutdown}) and beta counters
 * ({@code PATCH /v1beta1/counters/{name}}). Each call blocks for at most two seconds and reports
 * success as a boolean: the sidecar may start after us, so callers retry on their next period.
 *
 * <p>Thread-safe.
 */
public final class AgonesSdk {
    /** The environment variable Agones sets for the game server process. */
    public static final String PORT_ENV = "AGONES_SDK_HTTP_PORT";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI base;
    private final HttpClient http;

    /** @param port the sidecar's HTTP port on loopback */
    public AgonesSdk(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(PORT_ENV + " must be a port 1..65535, got " + port);
        }
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * The SDK if {@link #PORT_ENV} is set in {@code env}, else empty.
     *
     * @throws IllegalArgumentException if it is set but not a port
     */
    public static Optional<AgonesSdk> fromEnvironment(Map<String, String> env) {
        String p = env.get(PORT_ENV);
        if (p == null || p.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AgonesSdk(Integer.parseInt(p.strip())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_ENV + " must be a port number, got '" + p + "'", e);
        }
    }

    /** The game server can take players. */
    public boolean ready() {
        return send("POST", "/ready", "{}");
    }

    /** The periodic health ping. */
    public boolean health() {
        return send("POST", "/health", "{}");
    }

    /** The game server is in use: the fleet must not scale it down. */
    public boolean allocate() {
        return send("POST", "/allocate", "{}");
    }

    /** The game server is done; Agones deletes its pod. */
    public boolean shutdown() {
        return send("POST", "/shutdown", "{}");
    }

    /** Sets counter {@code name} to {@code count} (int64 values travel as JSON strings). */
    public boolean setCounter(String name, long count) {
        return send("PATCH", "/v1beta1/counters/" + name, "{\"count\":\"" + count + "\"}");
    }

    private boolean send(String method, String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
