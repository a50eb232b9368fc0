package dev.aetheris.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {
    private static String scrape(long ticks, long bytes, long fast, long slow, long verySlow) {
        long inf = fast + slow + verySlow;
        return "# TYPE aetheris_ticks_total counter\naetheris_ticks_total " + ticks + "\n"
                + "aetheris_bytes_outbound_total " + bytes + "\n"
                + "aetheris_authenticated_clients 50\n"
                + "aetheris_transport_inbound_dropped_total{transport=\"ws\"} 2\n"
                + "aetheris_transport_inbound_dropped_total{transport=\"quic\"} 1\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"0.001\"} " + fast + "\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"0.02\"} " + (fast + slow) + "\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"0.05\"} " + inf + "\n"
                + "aetheris_tick_duration_seconds_bucket{le=\"+Inf\"} " + inf + "\n";
    }

    @Test
    void intervalsAreDifferencesOfScrapesAndGcPausesComeFromTheLog(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.prom"), scrape(0, 0, 0, 0, 0));
        Files.writeString(dir.resolve("b.prom"), scrape(600, 6_000_000, 590, 8, 2));
        Files.writeString(dir.resolve("samples.tsv"), "started 1000\n1000 204800 a.prom\n11000 209920 b.prom\n");
        List<SoakSample> samples = SoakReport.samples(dir, 60);
        assertThat(samples).hasSize(1);
        SoakSample s = samples.getFirst();
        assertThat(s.seconds()).isEqualTo(10.0);
        assertThat(s.rssMb()).isEqualTo(205.0);
        assertThat(s.tickHz()).isEqualTo(60.0);
        assertThat(s.bytesPerMinute()).isEqualTo(36_000_000.0);
        assertThat(s.overrunTicks()).as("only the bucket above 20 ms lies wholly past a 16.7 ms period").isEqualTo(2);
        assertThat(s.tickP99Ms()).isGreaterThan(1.0).isLessThanOrEqualTo(50.0);
        assertThat(s.clients()).isEqualTo(50);
        assertThat(s.droppedDelta()).isZero();

        List<SoakReport.GcPause> gc = SoakReport.gcPauses(List.of(
                "[0.012s] Using G1",
                "[3.456s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 23M->4M(252M) 3.210ms",
                "[9.000s] GC(1) Pause Remark 30M->30M(252M) 0.900ms"));
        assertThat(gc).containsExactly(new SoakReport.GcPause(3.456, 3.21), new SoakReport.GcPause(9.0, 0.9));
        String json = SoakReport.json(50, 60, samples, gc);
        assertThat(json).contains("\"gc_pauses\": 2").contains("\"gc_pause_max_ms\": 3.210")
                .contains("\"overrun_ticks\": 2");
        assertThat(SoakChart.svg(50, samples, gc)).startsWith("<svg").contains("<polyline").contains("RSS (MB)");
    }

    @Test
    void rssSlopeIsFittedOverTheSecondHalf() {
        List<SoakSample> flatThenGrowing = List.of(
                new SoakSample(60, 500, 1, 60, 0, 0, 1, 0), new SoakSample(120, 200, 1, 60, 0, 0, 1, 0),
                new SoakSample(180, 200, 1, 60, 0, 0, 1, 0), new SoakSample(240, 210, 1, 60, 0, 0, 1, 0));
        assertThat(SoakReport.rssSlopeMbPerMinute(flatThenGrowing)).isCloseTo(10.0, within(1e-9));
    }
}
