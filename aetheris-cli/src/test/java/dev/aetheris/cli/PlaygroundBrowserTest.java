package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser playground in a real headless Chromium against a real {@code serve --dev} on
 * loopback (the scripts under {@code aetheris-playground/e2e}). Without node, Chromium or the
 * playground's npm packages the test is skipped with a notice, except under {@code CI=true},
 * where a skip is a failure.
 */
class PlaygroundBrowserTest {

    @Test
    void thePlaygroundPlaysInARealBrowser(@TempDir Path data) throws Exception {
        Path root = Path.of(System.getProperty("aetheris.repo.root", "..")).toAbsolutePath().normalize();
        Path module = root.resolve("aetheris-playground");
        String missing = !onPath("node") ? "node"
                : !onPath("chromium") ? "chromium (Debian: apt-get install chromium)"
                : !Files.isDirectory(module.resolve("node_modules/playwright-core")) ? "the playground's npm packages"
                : null;
        if (missing != null) {
            String notice = "browser tests need " + missing + "; bin/aetheris test installs what it can";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and " + notice);
            }
            System.err.println("SKIPPED " + notice);
            Assumptions.abort(notice);
        }
        // A 400-unit world, inside every player's interest radius: these tests check the page
        // (drawing, input, admin, reconnect), not interest, which the server's tests cover.
        ServerConfig d = ServerConfig.devLoopback(data);
        ServerConfig small = new ServerConfig(d.dev(), d.bind(), d.httpPort(), d.quicPort(), d.dataDir(), d.tickRate(),
                d.stateRate(), d.maxEntities(), d.maxClients(), d.world(), d.seed(), d.jdbcUrl(), d.smtpUrl(),
                d.adminEmails(), d.certFile(), d.keyFile(), d.interestRadius(), d.clientBudget(), 400f, d.cluster());
        try (AetherisServer server = AetherisServer.start(small, "test")) {
            assertThat(server.playgroundAvailable()).as("the page is on the class path").isTrue();
            ProcessBuilder pb = new ProcessBuilder("node", "e2e/all.mjs").directory(module.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("AETHERIS_URL", "http://127.0.0.1:" + server.httpPort());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String text = new String(out, StandardCharsets.UTF_8);
            System.out.println(text);
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(text).contains("0 failed").contains("PASS stress-and-clear").contains("PASS two-players");
            assertThat(module.resolve("target/e2e/busy-scene.png")).isRegularFile();
        }
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "command -v " + command).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
