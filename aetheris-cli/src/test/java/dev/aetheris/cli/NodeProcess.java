package dev.aetheris.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One cluster node as a child {@code serve --dev} process on a free HTTP port, QUIC off, its output drained. */
final class NodeProcess implements AutoCloseable {
    final Process process;
    final int httpPort;
    private final BufferedReader out;

    private NodeProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // Its log goes to the test's stderr, so neither pipe can fill up and block the node.
        Thread.ofVirtual().start(() -> copy(process.getErrorStream()));
    }

    static NodeProcess start(Path dataDir, String... options) throws Exception {
        int http = ServeProcess.freePort();
        String[] all = java.util.Arrays.copyOf(options, options.length + 4);
        System.arraycopy(new String[] {"--http-port", Integer.toString(http), "--quic-port", "-1"}, 0, all,
                options.length, 4);
        return new NodeProcess(ServeProcess.start(dataDir, all), http);
    }

    private static void copy(InputStream in) {
        try {
            in.transferTo(System.err);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Reads stdout until the banner's first line; false if the process ended first. */
    boolean awaitBanner() throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("Aetheris is running")) {
                Thread.ofVirtual().start(() -> copy(process.getInputStream()));
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
