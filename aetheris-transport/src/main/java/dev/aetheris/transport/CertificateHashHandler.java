package dev.aetheris.transport;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import java.util.function.IntSupplier;

/**
 * Serves the SHA-256 of the QUIC certificate as {@code {"algorithm":"sha-256","hash":"<hex>"}} so
 * dev clients (and browsers, through {@code serverCertificateHashes}) can pin the self-signed dev
 * certificate. The server mounts it at {@code /v1/dev/cert-hash} in dev mode only. When the QUIC
 * port is known it adds {@code "quic_port"} and {@code "webtransport_path"}, which is all a browser
 * needs to open {@code https://<host>:<quic_port><webtransport_path>}.
 *
 * @param sha256Hex the certificate hash, lower-case hex
 * @param quicPort  the bound QUIC port, or a negative number while unknown or disabled (read per request)
 */
public record CertificateHashHandler(String sha256Hex, IntSupplier quicPort) implements HttpHandler {

    /** @throws IllegalArgumentException if the hash is not 64 hex digits */
    public CertificateHashHandler {
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("certificate hash must be 64 lower-case hex digits, got " + sha256Hex);
        }
        if (quicPort == null) {
            throw new IllegalArgumentException("quicPort supplier must not be null");
        }
    }

    /** Without a QUIC port: only the hash is served. */
    public CertificateHashHandler(String sha256Hex) {
        this(sha256Hex, () -> -1);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return HttpResponse.text(405, "GET only\n").withHeader("Allow", "GET");
        }
        int port = quicPort.getAsInt();
        String endpoint = port > 0
                ? ",\"quic_port\":" + port + ",\"webtransport_path\":\"" + NettyGameTransport.WT_PATH + "\""
                : "";
        return HttpResponse.json(200, "{\"algorithm\":\"sha-256\",\"hash\":\"" + sha256Hex + "\"" + endpoint + "}")
                .withHeader("Cache-Control", "no-store");
    }
}
