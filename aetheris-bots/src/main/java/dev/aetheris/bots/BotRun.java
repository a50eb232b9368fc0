package dev.aetheris.bots;

import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.util.HistogramReading;
import dev.aetheris.transport.client.ClientTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many bots against a server: connects them over a ramp, flies them with seeded inputs at 60
 * Hz, pings once a second, prints a live progress line, and reports what it measured, including
 * its own CPU use over the run (and, if asked, the round trips of one extra pinging client).
 */
public final class BotRun {
    private static final long INPUT_PERIOD_NANOS = 1_000_000_000L / 60;
    private static final String TICK_HISTOGRAM = "aetheris_tick_duration_seconds";
    private static final String TICK_CPU_HISTOGRAM = "aetheris_tick_cpu_seconds";
    private static final long CONNECT_GRACE_NANOS = 15_000_000_000L;
    /** NPCs of benchmark S1; each mirror must also hold one ship per bot. */
    private static final int S1_NPCS = 200;
    private static final int STRESS_PER_COMMAND = 1000;

    private final BotsOptions options;
    private final PrintStream progress;

    /** One bot's state, touched by the input pump's thread only (besides the client itself). */
    private static final class Bot {
        final int index;
        final InputScript script;
        volatile AetherisClient client;
        volatile boolean failed;
        long connectedNanos;

        Bot(int index, InputScript script) {
            this.index = index;
            this.script = script;
        }
    }

    /** @param options the run @param progress where the live line goes (null for none) */
    public BotRun(BotsOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs to the end and reports. */
    public BotReport run() throws IOException, InterruptedException {
        return run(clients -> { });
    }

    /**
     * Runs to the end and reports; {@code beforeClose} sees the connected clients after the inputs
     * stopped and before they disconnect (tests compare their mirrors with the server).
     */
    public BotReport run(java.util.function.Consumer<List<AetherisClient>> beforeClose)
            throws IOException, InterruptedException {
        List<String> tokens = options.tokensFile() == null ? null : Files.readAllLines(options.tokensFile()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (tokens != null && tokens.size() < options.clients()) {
            throw new IllegalArgumentException("tokens file has " + tokens.size() + " tokens for " + options.clients()
                    + " clients");
        }
        int io = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        long start = System.nanoTime();
        List<Bot> bots = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            bots.add(new Bot(i, new InputScript((int) (options.seed() + i), options.scenario().equals("fly"), start)));
        }
        AtomicInteger connected = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bots-scheduler").daemon().factory());
        try (ClientTransport transport = new ClientTransport(new ClientTransport.Options(io,
                java.time.Duration.ofSeconds(15), dev.aetheris.protocol.Sizes.MAX_RELIABLE_MESSAGE_SIZE,
                java.time.Duration.ofSeconds(10)));
             HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build()) {
            LoginApi login = new LoginApi(http, options.server(), options.httpPort());
            ServerTicks ticksAtStart = serverTicks(login); // the server's ticks before this run are not its own
            long cpuStart = ProcessCpu.cpuNanos();
            long waitStart = ProcessCpu.runQueueWaitNanos();
            long wallStart = System.nanoTime();
            if (options.stressTest() > 0) {
                stress(transport, login, tokens);
            }
            // Inputs and pings are written from the I/O loop itself: from another thread each write
            // would be a task that wakes the loop, and on the bots' one core the two threads would
            // wait for each other, which their round trips would then include.
            ScheduledExecutorService loop = transport.eventLoop();
            Pinger pinger = options.pingerEvery() == null ? null : Pinger.start(transport, login, options, loop);
            long rampNanos = options.ramp().toNanos();
            for (Bot bot : bots) {
                long delay = options.clients() == 1 ? 0 : rampNanos * bot.index / options.clients();
                scheduler.schedule(() -> {
                    ClientOptions co = new ClientOptions(options.server(), options.httpPort(), options.quicPort(),
                            options.transport(), "bot-" + bot.index, tokens == null ? null : tokens.get(bot.index),
                            false, options.codec(), null);
                    CompletableFuture<AetherisClient> f = AetherisClient.connect(transport, login, co,
                            bot.index < options.mirrorSample());
                    f.whenComplete((c, err) -> {
                        if (err != null) {
                            bot.failed = true;
                            failures.add(err.getMessage());
                        } else {
                            bot.connectedNanos = System.nanoTime();
                            bot.client = c;
                            connected.incrementAndGet();
                        }
                    });
                }, delay, TimeUnit.NANOSECONDS);
            }
            long[] tickCount = {0};
            ScheduledFuture<?> inputs = loop.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                tickCount[0]++;
                for (Bot bot : bots) {
                    AetherisClient c = bot.client;
                    if (c == null || c.phase() != AetherisClient.Phase.POSSESSED) {
                        continue;
                    }
                    bot.script.at(now);
                    c.sendInput(bot.script.turn, bot.script.thrust, bot.script.fire);
                    if ((tickCount[0] + bot.index) % 60 == 0) {
                        c.ping();
                    }
                }
            }, INPUT_PERIOD_NANOS, INPUT_PERIOD_NANOS, TimeUnit.NANOSECONDS);

            long end = start + options.duration().toNanos();
            long lastBytes = 0;
            long lastPrint = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (progress != null) {
                    long bytes = 0;
                    int possessed = 0;
                    List<Double> rtts = new ArrayList<>();
                    for (Bot b : bots) {
                        AetherisClient c = b.client;
                        if (c != null) {
                            bytes += c.stats().bytesIn();
                            if (c.phase() == AetherisClient.Phase.POSSESSED) {
                                possessed++;
                            }
                            List<Double> s = c.stats().rttSamples();
                            if (!s.isEmpty()) {
                                rtts.add(s.getLast());
                            }
                        }
                    }
                    long now = System.nanoTime();
                    double rate = (bytes - lastBytes) / Math.max(1e-3, (now - lastPrint) / 1e9);
                    lastBytes = bytes;
                    lastPrint = now;
                    progress.printf(Locale.ROOT, "\r%5.1fs  connected %d/%d  possessed %d  rtt p50 %s ms  in %.0f KB/s   ",
                            (now - start) / 1e9, connected.get(), options.clients(), possessed,
                            fmt(BotReport.Stats.of(rtts.stream().mapToDouble(Double::doubleValue).toArray()).p50()),
                            rate / 1024);
                    progress.flush();
                }
            }
            // Bots still connecting at the end get a grace period, so a slow ramp on a busy machine
            // is reported as slow possession, not as failure.
            long graceEnd = System.nanoTime() + CONNECT_GRACE_NANOS;
            while (System.nanoTime() < graceEnd && bots.stream().anyMatch(b -> b.client == null && !b.failed)) {
                Thread.sleep(50);
            }
            long cpuEnd = ProcessCpu.cpuNanos();
            long waitEnd = ProcessCpu.runQueueWaitNanos();
            long wallEnd = System.nanoTime();
            inputs.cancel(false);
            scheduler.shutdownNow();
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            if (pinger != null && pinger.failure() != null) {
                failures.add("pinger: " + pinger.failure());
            }
            if (progress != null) {
                progress.println();
                for (String f : failures.stream().distinct().limit(5).toList()) {
                    progress.println("bot failure: " + f);
                }
            }
            ServerTicks ticksAtEnd = serverTicks(login);
            BotReport report = report(bots, serverTickMs(ticksAtStart.wall(), ticksAtEnd.wall()),
                    serverTickMs(ticksAtStart.cpu(), ticksAtEnd.cpu()),
                    ProcessCpu.coresUsed(cpuStart, cpuEnd, wallEnd - wallStart),
                    pinger == null ? BotReport.Stats.of(new double[0]) : pinger.rttMs(),
                    ProcessCpu.coresUsed(waitStart, waitEnd, wallEnd - wallStart));
            if (pinger != null) {
                pinger.close();
            }
            List<AetherisClient> live = new ArrayList<>();
            for (Bot b : bots) {
                if (b.client != null) {
                    live.add(b.client);
                }
            }
            beforeClose.accept(live);
            for (Bot b : bots) {
                if (b.client != null) {
                    b.client.close();
                }
            }
            return report;
        }
    }

    private BotReport report(List<Bot> bots, BotReport.Stats serverTick, BotReport.Stats serverTickCpu,
                             double cpuCores, BotReport.Stats pinger, double cpuWait) {
        long now = System.nanoTime();
        int connected = 0;
        int authenticated = 0;
        int possessed = 0;
        int disconnects = 0;
        long decodeErrors = 0;
        double bytesRate = 0;
        List<Double> perBot = new ArrayList<>();
        long updates = 0;
        double inputs = 0;
        int minEntities = Integer.MAX_VALUE;
        int maxEntities = 0;
        List<Double> possess = new ArrayList<>();
        List<Double> rtt = new ArrayList<>();
        for (Bot b : bots) {
            AetherisClient c = b.client;
            if (c == null) {
                continue;
            }
            connected++;
            if (c.stats().messagesIn() > 0) {
                authenticated++;
            }
            if (c.ship() != 0) {
                possessed++;
                possess.add(c.stats().timeToPossessMs());
                if (b.index < options.mirrorSample()) {
                    minEntities = Math.min(minEntities, c.mirror().size());
                    maxEntities = Math.max(maxEntities, c.mirror().size());
                }
            }
            if (c.phase() == AetherisClient.Phase.CLOSED) {
                disconnects++;
            }
            decodeErrors += c.stats().decodeErrors();
            double secs = Math.max(1e-3, (now - b.connectedNanos) / 1e9);
            bytesRate += c.stats().bytesIn() / secs;
            perBot.add(c.stats().bytesIn() / secs);
            inputs += c.stats().inputsSent() / secs;
            updates += c.mirror().updates();
            rtt.addAll(c.stats().rttSamples());
        }
        double duration = options.duration().toNanos() / 1e9;
        return new BotReport(options.clients(), connected, authenticated, possessed,
                BotReport.Stats.of(possess.stream().mapToDouble(Double::doubleValue).toArray()),
                BotReport.Stats.of(rtt.stream().mapToDouble(Double::doubleValue).toArray()),
                connected == 0 ? 0 : bytesRate / connected, updates / duration, decodeErrors, disconnects, serverTick,
                connected == 0 ? 0 : inputs / connected, minEntities == Integer.MAX_VALUE ? 0 : minEntities,
                maxEntities, options.scenario().equals("s1") ? S1_NPCS + possessed : -1, cpuCores,
                ProcessCpu.allowedCpus(), pinger, cpuWait,
                BotReport.Stats.of(perBot.stream().mapToDouble(Double::doubleValue).toArray()), serverTickCpu);
    }

    /**
     * Connects an admin client (dev login, or the first token), has it spawn the stress entities and
     * waits until it sees them replicated, so the bots fly in the populated world from the start.
     */
    private void stress(ClientTransport transport, LoginApi login, List<String> tokens) throws IOException,
            InterruptedException {
        ClientOptions co = new ClientOptions(options.server(), options.httpPort(), options.quicPort(), "ws",
                "bots-admin", tokens == null ? null : tokens.get(0), true, options.codec(), null);
        AetherisClient admin;
        try {
            admin = AetherisClient.connect(transport, login, co, true).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the admin client for --stress-test could not play: " + e.getMessage(), e);
        }
        try {
            int before = admin.mirror().size();
            // Upstream servers spawn at most 1,000 per StressTest: ask in commands of that size.
            for (int left = options.stressTest(); left > 0; left -= STRESS_PER_COMMAND) {
                admin.sendEvent(new WireEvent.StressTest(
                        Math.min(left, STRESS_PER_COMMAND), false), true);
            }
            // Bounded: the entities near the admin's ship arrive within a few sends; interest hides the rest.
            for (int i = 0; i < 50 && admin.mirror().size() <= before; i++) {
                Thread.sleep(100);
            }
            if (progress != null) {
                progress.printf("stress test: %d entities requested; the admin client sees %d%n", options.stressTest(),
                        admin.mirror().size());
            }
        } finally {
            admin.close();
        }
    }

    /** The server's tick histograms at one moment: wall time and CPU time, each null if absent. */
    record ServerTicks(HistogramReading wall, HistogramReading cpu) {
    }

    /** The server's tick histograms now (both null if /metrics cannot be read). */
    static ServerTicks serverTicks(LoginApi login) {
        try {
            String metrics = login.get("/metrics");
            return new ServerTicks(HistogramReading.parse(metrics, TICK_HISTOGRAM),
                    HistogramReading.parse(metrics, TICK_CPU_HISTOGRAM));
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new ServerTicks(null, null);
        }
    }

    /**
     * p50/p99/max in milliseconds of this run's ticks: the reading at its end less the one at its
     * start, since the server's histogram counts every tick since it started (max = the highest
     * non-empty bucket's bound).
     */
    static BotReport.Stats serverTickMs(HistogramReading atStart, HistogramReading atEnd) {
        if (atEnd == null) {
            return new BotReport.Stats(Double.NaN, Double.NaN, Double.NaN);
        }
        HistogramReading run = atEnd.since(atStart);
        return new BotReport.Stats(1000 * run.quantile(0.5), 1000 * run.quantile(0.99), 1000 * run.highestObservedBound());
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }
}
