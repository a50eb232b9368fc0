package dev.aetheris.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code aetheris serve --dev} as a child process on loopback, for tests. */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final int httpPort;
    private final BufferedReader out;

    private ServeProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code serve --dev} on a free HTTP port with {@code extra} options; stderr goes to the test's. */
    static ServeProcess start(Path dataDir, String... extra) throws IOException {
        int http = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.aetheris.cli.AetherisCommand", "serve", "--dev", "--bind", "127.0.0.1",
                "--data-dir", dataDir.toString(), "--http-port", Integer.toString(http), "--quic-port", "-1"));
        cmd.addAll(List.of(extra));
        return new ServeProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start(), http);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Reads stdout until the banner's first line; false if the process ended first. */
    boolean awaitBanner() throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("Aetheris is running")) {
                Thread.ofVirtual().start(this::drainOutput);
                return true;
            }
        }
        return false;
    }

    private void drainOutput() {
        try {
            while (out.readLine() != null) {
                // keep the pipe from filling up
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
