package dev.aetheris.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code aetheris serve --dev} on loopback as a child process, for the process-level tests. */
final class ServeProcess {
    private ServeProcess() {
    }

    static Process start(Path dataDir, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.aetheris.cli.AetherisCommand", "serve", "--dev", "--bind", "127.0.0.1",
                "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(false).start();
    }

    /** Starts on {@code httpPort} and returns once the banner's first line is out (the server is up). */
    static Process startAndAwaitBanner(Path dataDir, int httpPort) throws Exception {
        Process p = start(dataDir, "--http-port", Integer.toString(httpPort), "--quic-port", "0");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("Aetheris is running")) {
            p.destroyForcibly();
            throw new AssertionError("server did not start: " + first + " / "
                    + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        // Keep draining stdout so the child never blocks on a full pipe.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        return p;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
