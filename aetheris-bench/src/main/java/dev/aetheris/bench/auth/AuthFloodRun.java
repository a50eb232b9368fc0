package dev.aetheris.bench.auth;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientListener;
import dev.aetheris.transport.client.ClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forged-Auth flood of issue 17 against a running dev server, measured: {@code F} connections
 * send well-formed ES256 tokens with a broken signature, 15 every 16 ms each (≈ 900 per second,
 * under the per-connection message budget), and reconnect whenever the server closes them, while
 * one player pings every 100 ms. Prints one JSON line: the server's tick rate over the run (from
 * {@code /metrics}), the player's RTT, and what the server counted.
 *
 * <pre>
 * java -cp aetheris-bench/target/benchmarks.jar dev.aetheris.bench.auth.AuthFloodRun HTTP_PORT SECONDS [FLOODERS]
 * </pre>
 */
public final class AuthFloodRun {
    private static final MsgpackCodec CODEC = new MsgpackCodec();

    private AuthFloodRun() {
    }

    /** Runs the flood; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int flooders = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        URI ws = URI.create("ws://127.0.0.1:" + port + "/ws");
        try (HttpClient http = HttpClient.newHttpClient(); ClientTransport transport = new ClientTransport()) {
            String valid = devLogin(http, port, "flood-player");
            String forged = forge(devLogin(http, port, "flood-victim"));
            Player player = new Player();
            ClientConnection pc = transport.connectWebSocket(ws, player).get(10, TimeUnit.SECONDS);
            pc.sendReliable(encode(new WireEvent.Auth(valid)));
            Thread.sleep(500);
            String start = get(http, port, "/metrics");
            long t0 = System.nanoTime();
            AtomicLong sent = new AtomicLong();
            AtomicLong closes = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            byte[] auth = encode(new WireEvent.Auth(forged));
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            for (int i = 0; i < flooders; i++) {
                threads.add(Thread.ofPlatform().start(() -> flood(transport, ws, auth, end, sent, closes)));
            }
            for (long tick = 1; System.nanoTime() < end; tick++) {
                player.sent.put(tick, System.nanoTime());
                pc.sendReliable(encode(new WireEvent.Ping(tick)));
                Thread.sleep(100);
            }
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            String stop = get(http, port, "/metrics");
            double[] rtt = player.rtts();
            System.out.println(String.format(Locale.ROOT, "{\"flooders\":%d,\"seconds\":%.1f,"
                            + "\"forged_auths_sent\":%d,\"flooder_closes\":%d,\"tick_hz\":%.2f,\"pings\":%d,"
                            + "\"pongs\":%d,\"rtt_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
                            + "\"bad_signature\":%.0f,\"failure_closes\":%.0f,"
                            + "\"dropped_in_flight\":%.0f,\"verifier_in_flight_max\":%.0f}",
                    flooders, elapsed, sent.get(), closes.get(),
                    (value(stop, "aetheris_ticks_total") - value(start, "aetheris_ticks_total")) / elapsed,
                    player.sent.size(), rtt.length, pct(rtt, 0.5), pct(rtt, 0.99), pct(rtt, 1.0),
                    value(stop, "aetheris_auth_rejected_total{reason=\"bad_signature\"}"),
                    value(stop, "aetheris_auth_failure_closes_total"),
                    value(stop, "aetheris_auth_dropped_in_flight_total"),
                    value(stop, "aetheris_auth_verifier_in_flight_max")));
            pc.close();
        }
    }

    /** One flooder: connects, sends forged Auths until the server closes it, and connects again. */
    private static void flood(ClientTransport transport, URI ws, byte[] auth, long end, AtomicLong sent,
                              AtomicLong closes) {
        while (System.nanoTime() < end) {
            Closed watcher = new Closed();
            ClientConnection c;
            try {
                c = transport.connectWebSocket(ws, watcher).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                sleep(50);
                continue;
            }
            while (c.isOpen() && System.nanoTime() < end) {
                for (int k = 0; k < 15 && c.isOpen(); k++) {
                    if (c.sendReliable(auth)) {
                        sent.incrementAndGet();
                    }
                }
                sleep(16);
            }
            if (!c.isOpen()) {
                closes.incrementAndGet();
            }
            c.close();
        }
    }

    private static final class Closed implements ClientListener {
        @Override
        public void onMessage(byte[] data, boolean reliable) {
        }

        @Override
        public void onClosed(String reason) {
        }
    }

    /** Pings by tick number and the round trips of the Pongs that came back. */
    private static final class Player implements ClientListener {
        final ConcurrentHashMap<Long, Long> sent = new ConcurrentHashMap<>();
        final List<Double> rttMs = new ArrayList<>();

        @Override
        public void onMessage(byte[] data, boolean reliable) {
            try {
                if (CODEC.decodeEvent(data, 0, data.length) instanceof WireEvent.Pong(long tick)) {
                    Long at = sent.get(tick);
                    if (at != null) {
                        synchronized (rttMs) {
                            rttMs.add((System.nanoTime() - at) / 1e6);
                        }
                    }
                }
            } catch (CodecException e) {
                // state batches and the like: not what this run measures
            }
        }

        @Override
        public void onClosed(String reason) {
        }

        double[] rtts() {
            synchronized (rttMs) {
                return rttMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            }
        }
    }

    private static double pct(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static String forge(String token) {
        char[] c = token.toCharArray();
        int i = token.lastIndexOf('.') + 10;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        return new String(c);
    }

    private static byte[] encode(WireEvent e) throws CodecException {
        byte[] buf = new byte[4096];
        return Arrays.copyOf(buf, CODEC.encodeEvent(e, buf, 0));
    }

    private static String devLogin(HttpClient http, int port, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/auth/dev-login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"admin\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"session_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("dev login failed (is the server running with --dev?): " + r.body());
        }
        return m.group(1);
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
