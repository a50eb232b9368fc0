package dev.aetheris.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A complete, already-buffered HTTP request as the server's HTTP port hands it to an
 * {@link HttpHandler}. Keeps modules that serve HTTP (auth API, metrics, playground) independent of
 * the HTTP implementation.
 *
 * @param method        upper-case method, e.g. {@code POST}
 * @param path          decoded path without query, e.g. {@code /v1/auth/refresh}
 * @param query         raw query string without {@code ?}, empty if none
 * @param headers       headers with lower-case names (last value wins); copied
 * @param body          the body bytes (empty if none); not copied
 * @param remoteAddress the client's IP address as text, for rate limits and logs
 */
public record HttpRequest(String method, String path, String query, Map<String, String> headers, byte[] body,
                          String remoteAddress) {

    /** Copies the header map. */
    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** A header by case-insensitive name, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null} if there is none. */
    public String bearerToken() {
        String h = header("authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = h.substring(7).strip();
        return t.isEmpty() ? null : t;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
