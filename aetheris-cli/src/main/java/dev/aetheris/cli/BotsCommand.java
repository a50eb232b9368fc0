package dev.aetheris.cli;

import dev.aetheris.bots.BotReport;
import dev.aetheris.bots.BotRun;
import dev.aetheris.bots.BotsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Fills a server with real clients over real sockets. */
@Command(name = "bots", mixinStandardHelpOptions = true,
        description = {"Fill a server with bots over QUIC or WebSocket.",
            "They log in (dev login unless --tokens is given), take a ship, fly and shoot with seeded",
            "random inputs. Prints live progress,",
            "a summary, and with --json a machine-readable report. Exits 1 when every client",
            "disconnected or fewer than 90 % possessed; warns when the bots saturate their CPUs."})
final class BotsCommand implements Callable<Integer> {

    @Option(names = "--server", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP/WebSocket port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--quic-port", defaultValue = "4433", description = "QUIC port (default: ${DEFAULT-VALUE}).")
    int quicPort;

    @Option(names = "--transport", defaultValue = "ws", description = "ws, quic or wt (WebTransport) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--clients", defaultValue = "50", description = "Number of bots (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to run, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = {"First run the same bots this long in this process and discard their report, then the",
                "measured run's bots connect: both the server and the bots' JIT are warm (default: none)."})
    Duration warmup;

    @Option(names = "--ramp", defaultValue = "5s", converter = DurationConverter.class,
            description = "Spread the connects over this time (default: ${DEFAULT-VALUE}).")
    Duration ramp;

    @Option(names = "--json", description = "Write the JSON report to FILE, or - for stdout.")
    String json;

    @Option(names = "--tokens", description = "File with one session token per line (for servers without --dev).")
    Path tokens;

    @Option(names = "--scenario", defaultValue = "fly", description = "fly or s1 (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--mirror-sample", defaultValue = "2147483647",
            description = "Only the first K bots mirror and check the state; the rest count bytes (default: all).")
    int mirrorSample;

    @Option(names = "--codec", defaultValue = "v2",
            description = "v2 (compact snapshots) or v1 (MessagePack records) (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--seed", defaultValue = "5000", description = "Base seed of the bots' inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pinger-every", converter = DurationConverter.class,
            description = "Add one client that only pings, this often (e.g. 50ms); its RTT is reported apart.")
    Duration pingerEvery;

    @Option(names = "--pinger-transport", defaultValue = "ws",
            description = "How the pinging client connects: ws or quic (default: ${DEFAULT-VALUE}).")
    String pingerTransport;

    @Option(names = "--stress-test", defaultValue = "0",
            description = "Before the bots connect, an admin client spawns this many stress entities (default: none).")
    int stressTest;

    @Override
    public Integer call() {
        BotsOptions options;
        BotsOptions warm = null;
        try {
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("warmup must be 0 or more, got " + warmup);
            }
            boolean warming = !warmup.isZero();
            options = options(duration, warming ? 0 : stressTest);
            if (warming) {
                warm = options(warmup, stressTest); // the stress entities are spawned once, before the warm-up
            }
        } catch (IllegalArgumentException e) {
            System.err.println("aetheris bots: " + e.getMessage());
            return 2;
        }
        BotReport report;
        try {
            if (warm != null) {
                BotReport w = new BotRun(warm, null).run();
                System.err.printf(Locale.ROOT, "aetheris bots: warm-up of %s done (%d of %d possessed); measuring%n",
                        warmup, w.possessed(), warm.clients());
            }
            report = new BotRun(options, System.err).run();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("aetheris bots: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        System.err.print(report.table());
        if (json != null) {
            if (json.equals("-")) {
                System.out.println(report.toJson());
            } else {
                try {
                    Files.writeString(Path.of(json), report.toJson() + "\n");
                } catch (IOException e) {
                    System.err.println("aetheris bots: cannot write " + json + ": " + e.getMessage());
                    return 1;
                }
            }
        }
        if (report.loadGeneratorSaturated()) {
            System.err.printf(Locale.ROOT, "aetheris bots: warning: the bots used %.2f of their %d CPUs (>= 90 %%);"
                    + " the figures are limited by the load generator, not only by the server%n",
                    report.botsCpuCores(), report.botsCpus());
        }
        if (report.loadGeneratorStarved()) {
            System.err.printf(Locale.ROOT, "aetheris bots: warning: the bots waited %.2f CPUs' worth of time for a CPU"
                    + " while using %.2f; other work on their CPUs starved them and their round trips include"
                    + " that wait%n", report.botsCpuWaitCores(), report.botsCpuCores());
        }
        String failure = report.failure();
        if (failure != null) {
            System.err.println("aetheris bots: run failed: " + failure);
            return 1;
        }
        return 0;
    }

    private BotsOptions options(Duration length, int stress) {
        Duration r = ramp.compareTo(length) > 0 ? length : ramp;
        return new BotsOptions(server, httpPort, quicPort, transport.toLowerCase(Locale.ROOT), clients, length,
                r, tokens, scenario, seed, mirrorSample, pingerEvery, pingerTransport.toLowerCase(Locale.ROOT),
                codec.toLowerCase(Locale.ROOT), stress);
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                }
                if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (try 30s, 2m)");
            }
        }
    }
}
