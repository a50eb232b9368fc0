package dev.aetheris.bots;

import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.transport.client.ClientTransport;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One extra client next to the bots that only pings, at its own period: the round trip a player
 * would see while the server is under the bots' load, reported apart from the bots' own pings.
 * Its samples start once it possesses its ship.
 */
final class Pinger {
    private volatile AetherisClient client;
    private volatile String failure;

    /** Connects over {@code options.pingerTransport()} and pings every {@code options.pingerEvery()} on {@code scheduler}. */
    static Pinger start(ClientTransport transport, LoginApi login, BotsOptions options,
                        ScheduledExecutorService scheduler) {
        Pinger p = new Pinger();
        ClientOptions co = new ClientOptions(options.server(), options.httpPort(), options.quicPort(),
                options.pingerTransport(), "pinger", null, false);
        AetherisClient.connect(transport, login, co, false).whenComplete((c, err) -> {
            if (err != null) {
                p.failure = err.getMessage();
                return;
            }
            p.client = c;
            long period = options.pingerEvery().toNanos();
            scheduler.scheduleAtFixedRate(c::ping, 0, period, TimeUnit.NANOSECONDS);
        });
        return p;
    }

    /** Round trips measured so far (NaN stats if the pinger never connected). */
    BotReport.Stats rttMs() {
        AetherisClient c = client;
        if (c == null) {
            return BotReport.Stats.of(new double[0]);
        }
        List<Double> s = c.stats().rttSamples();
        return BotReport.Stats.of(s.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Why it could not connect, or {@code null}. */
    String failure() {
        return failure;
    }

    void close() {
        AetherisClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
