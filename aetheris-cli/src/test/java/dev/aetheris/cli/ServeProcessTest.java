package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aetheris serve} as a real process: banner, health, SIGTERM, and start-up failures. */
class ServeProcessTest {

    private static Process serve(Path dataDir, String... extra) throws Exception {
        return ServeProcess.start(dataDir, extra);
    }

    private static int freePort() throws Exception {
        return ServeProcess.freePort();
    }

    @Test
    void servesThenStopsCleanlyOnSigterm(@TempDir Path data) throws Exception {
        int http = freePort();
        Process p = serve(data, "--http-port", Integer.toString(http), "--quic-port", "0");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("banner").startsWith("Aetheris is running");
            List<String> banner = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                banner.add(out.readLine());
            }
            assertThat(String.join("\n", banner)).contains("http://127.0.0.1:" + http + "/").contains("udp ")
                    .contains("webtransport https://127.0.0.1:")
                    .contains(data.toAbsolutePath().toString()).contains("cert sha256");
            try (HttpClient c = HttpClient.newHttpClient()) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/readyz"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            p.destroy(); // SIGTERM
            // A bound against hanging, not a speed figure: how fast a JVM exits depends on the machine.
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            assertThat(p.exitValue()).as("a clean stop").isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPortInUseEndsWithAClearMessageAndNonZeroStatus(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = serve(data, "--http-port", Integer.toString(taken.getLocalPort()), "--quic-port", "0");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isNotZero();
            assertThat(err).contains("aetheris serve:").contains(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void anUnwritableDataDirEndsWithAClearMessage(@TempDir Path dir) throws Exception {
        Path notADir = Files.writeString(dir.resolve("a-file"), "x");
        Process p = serve(notADir.resolve("data"), "--http-port", "0", "--quic-port", "0");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(err).contains("data-dir").contains("not writable");
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSetting(@TempDir Path data) throws Exception {
        Process p = serve(data, "--http-port", "0", "--quic-port", "0", "--tick-rate", "0");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(err).contains("tick-rate");
    }
}
