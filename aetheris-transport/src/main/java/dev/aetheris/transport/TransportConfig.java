package dev.aetheris.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where and how the server's network transports listen.
 *
 * @param bindAddress  address both ports bind to, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param httpPort     TCP port of HTTP and WebSocket ({@code /ws}); 0 picks a free one
 * @param quicPort     UDP port of native QUIC; 0 picks a free one, -1 disables QUIC
 * @param dataDir      directory for generated TLS material
 * @param devMode      dev mode (generated certificate expected; more logging)
 * @param certFile     PEM certificate chain for QUIC, or {@code null} to generate a self-signed one
 * @param keyFile      PEM PKCS#8 private key matching {@code certFile}, or {@code null}
 * @param ioThreads    event-loop threads (0 = one per core, at most 4)
 * @param httpWorkers  worker threads that run HTTP handlers
 * @param limits       per-connection and per-IP limits
 */
public record TransportConfig(String bindAddress, int httpPort, int quicPort, Path dataDir, boolean devMode,
                              Path certFile, Path keyFile, int ioThreads, int httpWorkers, TransportLimits limits) {

    /** QUIC port value that disables QUIC. */
    public static final int QUIC_DISABLED = -1;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public TransportConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind must be an IP address or host name, got '" + bindAddress + "'");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("http-port must be between 0 and 65535, got " + httpPort);
        }
        if (quicPort < QUIC_DISABLED || quicPort > 65_535) {
            throw new IllegalArgumentException("quic-port must be between 0 and 65535 (or -1 to disable), got "
                    + quicPort);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("data-dir must be set");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("tls-cert and tls-key must be given together (got "
                    + (certFile == null ? "only tls-key" : "only tls-cert") + ")");
        }
        if (ioThreads < 0 || ioThreads > 256) {
            throw new IllegalArgumentException("io-threads must be between 0 and 256, got " + ioThreads);
        }
        if (httpWorkers < 1 || httpWorkers > 256) {
            throw new IllegalArgumentException("http-workers must be between 1 and 256, got " + httpWorkers);
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must be set");
        }
    }

    /** Defaults: all interfaces, HTTP 8080, QUIC 4433, {@code ./data}, production mode, generated certificate. */
    public static TransportConfig defaults() {
        return new TransportConfig("0.0.0.0", 8080, 4433, Path.of("data"), false, null, null, 0, 2,
                TransportLimits.DEFAULT);
    }

    /** Loopback with ephemeral ports: for tests and benchmarks. */
    public static TransportConfig loopback(Path dataDir) {
        return new TransportConfig("127.0.0.1", 0, 0, dataDir, true, null, null, 1, 2, TransportLimits.DEFAULT);
    }

    /** A copy with other limits. */
    public TransportConfig withLimits(TransportLimits l) {
        return new TransportConfig(bindAddress, httpPort, quicPort, dataDir, devMode, certFile, keyFile, ioThreads,
                httpWorkers, l);
    }

    /** A copy with other ports. */
    public TransportConfig withPorts(int http, int quic) {
        return new TransportConfig(bindAddress, http, quic, dataDir, devMode, certFile, keyFile, ioThreads,
                httpWorkers, limits);
    }

    /** A copy with a configured certificate and key. */
    public TransportConfig withCertificate(Path cert, Path key) {
        return new TransportConfig(bindAddress, httpPort, quicPort, dataDir, devMode, cert, key, ioThreads,
                httpWorkers, limits);
    }

    /**
     * Resolves {@link #bindAddress}.
     *
     * @throws IllegalArgumentException naming {@code bind} if it does not resolve
     */
    public InetAddress resolveBindAddress() {
        try {
            return InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind address '" + bindAddress + "' does not resolve", e);
        }
    }
}
