package dev.aetheris.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete HTTP response.
 *
 * @param status      status code
 * @param contentType media type of the body
 * @param headers     extra headers (e.g. {@code Retry-After}); copied
 * @param body        the body bytes; not copied
 */
public record HttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    /** Copies the header map. */
    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON response. */
    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-text response. */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy with one more header. */
    public HttpResponse withHeader(String name, String value) {
        java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, contentType, h, body);
    }
}
