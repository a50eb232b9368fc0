package dev.aetheris.bench.s1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the S1 driver's smoke mode against Colyseus (5 clients, 5 s windows, both state rates)
 * and checks what it records: every client joined and mirrors 200 + 5 entities, the state rate
 * follows the variant, bytes were counted, and the summary has a row per run. Two clients decode
 * to the end; the other three switch to the load generator's count-only frame scanner, whose
 * patch counts must agree with the server's send rate.
 */
class S1DriverSmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void smokeRunRecordsBothVariantsAndTheSummary(@TempDir Path out) throws Exception {
        NodeTools.requireTools("bash", "node", "npm", "curl");
        Path s1 = NodeTools.s1Dir();

        NodeTools.Result run = NodeTools.run(s1, 170, "bash", "run.sh", "--smoke", "--systems", "colyseus",
                "--retries", "0", "--decode-sample", "2", "--out", out.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();

        JsonNode s60 = JSON.readTree(out.resolve("run-colyseus-S1-60-n00005.json").toFile());
        JsonNode s20 = JSON.readTree(out.resolve("run-colyseus-S1-20-n00005.json").toFile());
        for (JsonNode r : new JsonNode[] {s60, s20}) {
            // "invalid" is a verdict on a loaded machine (inputs < 57/s), not a broken tool.
            assertThat(r.get("status").asText()).as(r.toString()).isIn("ok", "invalid");
            assertThat(r.get("n").asInt()).isEqualTo(5);
            assertThat(r.at("/clients/joined").asInt()).as(r.toString()).isEqualTo(5);
            assertThat(r.at("/clients/entity_check_ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.at("/raw/loadgen/entity_check/expected").asInt()).isEqualTo(205);
            assertThat(r.at("/clients/bytes_per_client_per_s").asDouble()).isPositive();
            assertThat(r.at("/server/sim_hz").asDouble()).isPositive();
            assertThat(r.at("/server/cpu_core").asDouble()).isPositive();
            assertThat(r.at("/server/rss_mb").asDouble()).isPositive();
            assertThat(r.at("/loadgen/input_rate_per_client").asDouble()).isPositive();
            assertThat(r.at("/raw/loadgen/entity_check/all_clients_ok_after_joins").asBoolean()).isTrue();
            double patchesSeen = r.at("/raw/loadgen/state_patches_per_client_per_s").asDouble();
            assertThat(patchesSeen / r.at("/server/state_hz").asDouble()).as(r.toString()).isBetween(0.8, 1.2);
        }
        assertThat(s60.get("state_rate").asInt()).isEqualTo(60);
        assertThat(s20.get("state_rate").asInt()).isEqualTo(20);
        // Patches are sent on every tick, or on every third: the ratio is set by the tick count.
        assertThat(s60.at("/server/state_hz").asDouble() / s60.at("/server/sim_hz").asDouble()).isBetween(0.95, 1.0);
        assertThat(s20.at("/server/state_hz").asDouble() / s20.at("/server/sim_hz").asDouble()).isBetween(0.30, 0.37);
        // Three times the patches carry well over one and a half times the bytes.
        assertThat(s60.at("/clients/bytes_per_client_per_s").asDouble())
                .isGreaterThan(1.5 * s20.at("/clients/bytes_per_client_per_s").asDouble());

        String summary = Files.readString(out.resolve("SUMMARY.md"), StandardCharsets.UTF_8);
        assertThat(summary).contains("| colyseus | S1-60 | 5 |").contains("| colyseus | S1-20 | 5 |")
                .contains("## Aetheris / Colyseus");
    }
}
