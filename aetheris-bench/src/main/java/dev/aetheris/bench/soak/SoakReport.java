package dev.aetheris.bench.soak;

import dev.aetheris.protocol.util.HistogramReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what {@code aetheris-bench/soak/run.sh} collected into {@code soak.json} and
 * {@code soak.svg}: per interval the server's RSS, tick p99, tick rate, overrunning ticks, bytes
 * per minute and dropped messages, plus every GC pause from the JVM's {@code -Xlog:gc} file.
 *
 * <pre>
 * java -cp aetheris-bench/target/benchmarks.jar dev.aetheris.bench.soak.SoakReport DIR CLIENTS TICK_RATE
 * </pre>
 *
 * <p>{@code DIR/samples.tsv} holds {@code started <epoch-ms>} and then one line per sample:
 * {@code <epoch-ms> <rss-kB> <scrape file>}, each scrape file a copy of {@code /metrics}.
 */
public final class SoakReport {
    private static final Pattern GC_PAUSE = Pattern.compile("^\\[([0-9.]+)s\\].* Pause .* ([0-9.]+)ms$");

    /**
     * One GC pause.
     *
     * @param seconds JVM uptime when it happened
     * @param ms      its duration
     */
    record GcPause(double seconds, double ms) {
    }

    private SoakReport() {
    }

    /** Writes {@code soak.json} and {@code soak.svg} into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SoakReport DIR CLIENTS TICK_RATE");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        int tickRate = Integer.parseInt(args[2]);
        List<SoakSample> samples = samples(dir, tickRate);
        Path gcLog = dir.resolve("gc.log");
        List<GcPause> pauses = Files.exists(gcLog) ? gcPauses(Files.readAllLines(gcLog)) : List.of();
        Files.writeString(dir.resolve("soak.json"), json(clients, tickRate, samples, pauses), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("soak.svg"), SoakChart.svg(clients, samples, pauses), StandardCharsets.UTF_8);
        System.out.println(summaryLine(samples, pauses));
    }

    static List<SoakSample> samples(Path dir, int tickRate) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("samples.tsv"));
        long started = Long.parseLong(lines.getFirst().split("\\s+")[1]);
        List<SoakSample> out = new ArrayList<>();
        Scrape previous = null;
        long previousMs = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            long ms = Long.parseLong(f[0]);
            Scrape s = Scrape.parse(Files.readString(dir.resolve(f[2]), StandardCharsets.UTF_8));
            if (previous != null) {
                out.add(sample(previous, s, (ms - previousMs) / 1000.0, (ms - started) / 1000.0,
                        Long.parseLong(f[1]) / 1024.0, tickRate));
            }
            previous = s;
            previousMs = ms;
        }
        return out;
    }

    static SoakSample sample(Scrape a, Scrape b, double intervalSeconds, double at, double rssMb, int tickRate) {
        HistogramReading t = b.ticksSince(a);
        double p99 = t == null ? Double.NaN : 1000 * t.quantile(0.99);
        double period = 1.0 / tickRate;
        long overruns = 0;
        for (int i = 0; t != null && i < t.counts().length; i++) {
            double lower = i == 0 ? 0 : t.bounds()[i - 1];
            if (lower >= period) {
                overruns += t.counts()[i];
            }
        }
        double ticks = b.value("aetheris_ticks_total") - a.value("aetheris_ticks_total");
        double bytes = b.value("aetheris_bytes_outbound_total") - a.value("aetheris_bytes_outbound_total");
        double dropped = delta(a, b, "aetheris_outbound_dropped_total")
                + delta(a, b, "aetheris_transport_inbound_dropped_total")
                + delta(a, b, "aetheris_transport_outbound_dropped_unreliable_total");
        return new SoakSample(at, rssMb, p99, ticks / intervalSeconds, overruns, bytes * 60 / intervalSeconds,
                (int) b.value("aetheris_authenticated_clients"), (long) dropped);
    }

    private static double delta(Scrape a, Scrape b, String name) {
        return b.value(name) - a.value(name);
    }

    static List<GcPause> gcPauses(List<String> gcLog) {
        List<GcPause> out = new ArrayList<>();
        for (String line : gcLog) {
            Matcher m = GC_PAUSE.matcher(line.trim());
            if (m.matches()) {
                out.add(new GcPause(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
            }
        }
        return out;
    }

    /** Least-squares slope of RSS over time, in MB per minute, over the second half of the run (after warm-up). */
    static double rssSlopeMbPerMinute(List<SoakSample> samples) {
        List<SoakSample> tail = samples.subList(samples.size() / 2, samples.size());
        int n = tail.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (SoakSample s : tail) {
            mx += s.seconds() / n;
            my += s.rssMb() / n;
        }
        double num = 0;
        double den = 0;
        for (SoakSample s : tail) {
            num += (s.seconds() - mx) * (s.rssMb() - my);
            den += (s.seconds() - mx) * (s.seconds() - mx);
        }
        return den == 0 ? 0 : num / den * 60;
    }

    static String json(int clients, int tickRate, List<SoakSample> samples, List<GcPause> pauses) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"clients\": ").append(clients).append(",\n  \"tick_rate\": ").append(tickRate).append(",\n");
        j.append("  \"duration_s\": ").append(num(samples.isEmpty() ? 0 : samples.getLast().seconds())).append(",\n");
        double[] gcMs = pauses.stream().mapToDouble(GcPause::ms).sorted().toArray();
        j.append("  \"summary\": {");
        field(j, "rss_first_mb", samples.isEmpty() ? Double.NaN : samples.getFirst().rssMb());
        field(j, "rss_last_mb", samples.isEmpty() ? Double.NaN : samples.getLast().rssMb());
        field(j, "rss_max_mb", samples.stream().mapToDouble(SoakSample::rssMb).max().orElse(Double.NaN));
        field(j, "rss_slope_second_half_mb_per_min", rssSlopeMbPerMinute(samples));
        field(j, "tick_p99_max_ms", samples.stream().mapToDouble(SoakSample::tickP99Ms).max().orElse(Double.NaN));
        field(j, "tick_hz_min", samples.stream().mapToDouble(SoakSample::tickHz).min().orElse(Double.NaN));
        j.append("\"overrun_ticks\": ").append(samples.stream().mapToLong(SoakSample::overrunTicks).sum()).append(", ");
        j.append("\"dropped_messages\": ").append(samples.stream().mapToLong(SoakSample::droppedDelta).sum())
                .append(", ");
        field(j, "bytes_per_min_mean", samples.stream().mapToDouble(SoakSample::bytesPerMinute).average()
                .orElse(Double.NaN));
        j.append("\"gc_pauses\": ").append(gcMs.length).append(", ");
        field(j, "gc_pause_total_ms", Arrays.stream(gcMs).sum());
        field(j, "gc_pause_max_ms", gcMs.length == 0 ? 0 : gcMs[gcMs.length - 1]);
        double gcP99 = gcMs.length == 0 ? 0 : gcMs[(int) Math.ceil(0.99 * gcMs.length) - 1];
        j.append("\"gc_pause_p99_ms\": ").append(num(gcP99)).append("},\n");
        j.append("  \"samples\": [\n");
        for (int i = 0; i < samples.size(); i++) {
            SoakSample s = samples.get(i);
            j.append("    {\"t_s\": ").append(num(s.seconds())).append(", \"rss_mb\": ").append(num(s.rssMb()))
                    .append(", \"tick_p99_ms\": ").append(num(s.tickP99Ms()))
                    .append(", \"tick_hz\": ").append(num(s.tickHz()))
                    .append(", \"overrun_ticks\": ").append(s.overrunTicks())
                    .append(", \"bytes_per_min\": ").append(num(s.bytesPerMinute()))
                    .append(", \"clients\": ").append(s.clients()).append(", \"dropped\": ").append(s.droppedDelta())
                    .append(i + 1 < samples.size() ? "},\n" : "}\n");
        }
        j.append("  ],\n  \"gc_pauses_ms\": [");
        for (int i = 0; i < pauses.size(); i++) {
            j.append(i == 0 ? "" : ", ").append("[").append(num(pauses.get(i).seconds())).append(", ")
                    .append(num(pauses.get(i).ms())).append("]");
        }
        return j.append("]\n}\n").toString();
    }

    static String summaryLine(List<SoakSample> samples, List<GcPause> pauses) {
        return String.format(Locale.ROOT, "soak: %d samples, RSS %.0f -> %.0f MB (%.2f MB/min in the second half), "
                        + "tick p99 max %.1f ms, %d overrun ticks, %d GC pauses (max %.1f ms)", samples.size(),
                samples.isEmpty() ? Double.NaN : samples.getFirst().rssMb(),
                samples.isEmpty() ? Double.NaN : samples.getLast().rssMb(), rssSlopeMbPerMinute(samples),
                samples.stream().mapToDouble(SoakSample::tickP99Ms).max().orElse(Double.NaN),
                samples.stream().mapToLong(SoakSample::overrunTicks).sum(), pauses.size(),
                pauses.stream().mapToDouble(GcPause::ms).max().orElse(0));
    }

    private static void field(StringBuilder j, String name, double v) {
        j.append('"').append(name).append("\": ").append(num(v)).append(", ");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }
}
