package dev.aetheris.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few HTTP calls a client makes before connecting: dev login and the dev certificate hash. */
public final class LoginApi {
    private static final Pattern TOKEN = Pattern.compile("\"session_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SHA = Pattern.compile("\"hash\"\\s*:\\s*\"([0-9a-fA-F:]+)\"");

    private final HttpClient http;
    private final URI base;

    /** @param http shared HTTP client @param host server host @param httpPort server HTTP port */
    public LoginApi(HttpClient http, String host, int httpPort) {
        this.http = http;
        this.base = URI.create("http://" + host + ":" + httpPort);
    }

    /** Logs in through {@code /v1/auth/dev-login} (dev servers only) and returns the session token. */
    public CompletableFuture<String> devLogin(String name, boolean admin) {
        String body = "{\"name\":" + jsonString(name) + ",\"admin\":" + admin + "}";
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/auth/dev-login")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() == 404) {
                throw new LoginException("the server has no dev login (it is not running with --dev); pass tokens instead");
            }
            Matcher m = TOKEN.matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new LoginException("dev login failed with HTTP " + r.statusCode() + ": " + r.body());
            }
            return m.group(1);
        });
    }

    /** The SHA-256 of the server's QUIC certificate, as served in dev mode. */
    public CompletableFuture<String> devCertificateSha256() {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/dev/cert-hash")).timeout(Duration.ofSeconds(10))
                .GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            Matcher m = SHA.matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new LoginException("cannot learn the server certificate (HTTP " + r.statusCode()
                        + "); QUIC to a non-dev server needs its certificate hash");
            }
            return m.group(1);
        });
    }

    /** Fetches a text page (e.g. {@code /metrics}). */
    public String get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Login failed; the message says why. */
    public static final class LoginException extends RuntimeException {
        /** @param message what went wrong */
        public LoginException(String message) {
            super(message);
        }
    }
}
