package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportConfigTest {
    @TempDir
    Path dir;

    @Test
    void invalidSettingsAreRefusedWithTheSettingNamed() {
        TransportConfig d = TransportConfig.defaults();
        assertThatThrownBy(() -> d.withPorts(70_000, 4433)).hasMessageContaining("http-port");
        assertThatThrownBy(() -> d.withPorts(8080, -2)).hasMessageContaining("quic-port");
        assertThatThrownBy(() -> d.withCertificate(Path.of("c.pem"), null)).hasMessageContaining("tls-cert");
        assertThatThrownBy(() -> new TransportConfig(" ", 1, 1, dir, false, null, null, 0, 1, TransportLimits.DEFAULT))
                .hasMessageContaining("bind");
        assertThatThrownBy(() -> new TransportConfig("x", 1, 1, null, false, null, null, 0, 1, TransportLimits.DEFAULT))
                .hasMessageContaining("data-dir");
        assertThatThrownBy(() -> TransportLimits.DEFAULT.withDeadlines(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("auth-deadline");
        assertThatThrownBy(() -> TransportLimits.DEFAULT.withConnectionRate(0, 1))
                .hasMessageContaining("connections-per-second-per-ip");
        assertThatThrownBy(() -> TransportLimits.DEFAULT.withInboundBudget(10, 10, 1))
                .hasMessageContaining("inbound-bytes-per-second");
        assertThatThrownBy(() -> TransportLimits.DEFAULT.withQueues(0, 1))
                .hasMessageContaining("unreliable-queue-capacity");
        assertThat(d.httpPort()).isEqualTo(8080);
        assertThat(d.quicPort()).isEqualTo(4433);
        assertThat(d.dataDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void everyTransportGetsTheProtocolsDeadlinesByDefault() {
        // The protocol's promise to clients: Auth first within 5 s; silent for 15 s means gone.
        assertThat(TransportLimits.DEFAULT.authDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(TransportLimits.DEFAULT.idleTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aPortInUseFailsStartWithTheSettingAndPortNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            TransportConfig c = TransportConfig.loopback(dir).withPorts(port, TransportConfig.QUIC_DISABLED);
            assertThatThrownBy(() -> NettyGameTransport.start(c, Map.of()))
                    .isInstanceOf(TransportStartException.class)
                    .hasMessageContaining("HTTP port " + port)
                    .hasMessageContaining("http-port")
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void aQuicPortInUseFailsStartWithTheSettingNamed() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            TransportConfig c = TransportConfig.loopback(dir).withPorts(0, port);
            assertThatThrownBy(() -> NettyGameTransport.start(c, Map.of()))
                    .isInstanceOf(TransportStartException.class)
                    .hasMessageContaining("QUIC (UDP) port " + port)
                    .hasMessageContaining("quic-port");
        }
    }
}
