package dev.aetheris.transport;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;

/**
 * Serves the SHA-256 of the QUIC certificate as {@code {"algorithm":"sha-256","hash":"<hex>"}} so
 * dev clients (and browsers, through {@code serverCertificateHashes}) can pin the self-signed dev
 * certificate. The server mounts it at {@code /v1/dev/cert-hash} in dev mode only.
 *
 * @param sha256Hex the certificate hash, lower-case hex
 */
public record CertificateHashHandler(String sha256Hex) implements HttpHandler {

    /** @throws IllegalArgumentException if the hash is not 64 hex digits */
    public CertificateHashHandler {
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("certificate hash must be 64 lower-case hex digits, got " + sha256Hex);
        }
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return HttpResponse.text(405, "GET only\n").withHeader("Allow", "GET");
        }
        return HttpResponse.json(200, "{\"algorithm\":\"sha-256\",\"hash\":\"" + sha256Hex + "\"}")
                .withHeader("Cache-Control", "no-store");
    }
}
