package dev.aetheris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bots --warmup}: a first set of bots runs and leaves, then the measured bots connect, in one process. */
class BotsWarmupProcessTest {

    @Test
    void aWarmUpRunsItsOwnBotsBeforeTheMeasuredOnes(@TempDir Path data) throws Exception {
        int http = ServeProcess.freePort();
        Process server = ServeProcess.startAndAwaitBanner(data, http);
        try {
            Path json = data.resolve("bots.json");
            CommandLine cl = AetherisCommand.newCommandLine();
            int code = cl.execute("bots", "--clients", "2", "--duration", "2s", "--ramp", "0s", "--warmup", "2s",
                    "--http-port", Integer.toString(http), "--transport", "ws", "--json", json.toString());
            assertThat(code).as("exit status of a run where every bot possessed").isZero();
            String report = Files.readString(json);
            assertThat(report).as("the measured run's own bots").contains("\"clients\":2").contains("\"possessed\":2");
            // The server started a session for each warm-up bot and each measured bot (a ship
            // that dies and respawns would add one).
            assertThat(sessionsStarted(http)).as("sessions the server started").isGreaterThanOrEqualTo(4);
        } finally {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    @Test
    void aNegativeWarmUpIsRefused() {
        CommandLine cl = AetherisCommand.newCommandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("bots", "--warmup", "-1s")).isEqualTo(2);
    }

    private static long sessionsStarted(int http) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            String metrics = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^aetheris_session_start_latency_seconds_count (\\d+)").matcher(metrics);
            assertThat(m.find()).as("the session-start histogram in /metrics").isTrue();
            return Long.parseLong(m.group(1));
        }
    }
}
