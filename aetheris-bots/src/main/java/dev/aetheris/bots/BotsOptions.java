package dev.aetheris.bots;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A load run.
 *
 * @param server    server host
 * @param httpPort  HTTP + WebSocket port
 * @param quicPort  QUIC port
 * @param transport {@code ws}, {@code quic} or {@code wt}
 * @param clients   number of bots
 * @param duration  how long to fly after the ramp starts
 * @param ramp      spread of the connects
 * @param tokensFile one session token per line, or null for dev login
 * @param scenario  {@code fly} (seeded random flying and shooting) or {@code s1} (benchmark S1 inputs)
 * @param seed      base seed of the bots' inputs
 * @param mirrorSample how many bots mirror (and check) the replicated state; the others only count
 *                  bytes, so one process can drive more clients (with codec v2 they ack snapshots
 *                  from the header alone)
 * @param pingerEvery  period of one extra client that only pings (its RTT is reported apart), or
 *                     {@code null} for none
 * @param pingerTransport {@code ws} or {@code quic}: how the extra pinging client connects
 * @param codec     {@code v2} (compact snapshots, the default) or {@code v1}
 * @param stressTest entities an admin client asks the server to spawn ({@code StressTest}) before
 *                   the bots connect, 0 for none (needs dev login or an admin first token)
 */
public record BotsOptions(String server, int httpPort, int quicPort, String transport, int clients,
                          Duration duration, Duration ramp, Path tokensFile, String scenario, long seed,
                          int mirrorSample, Duration pingerEvery, String pingerTransport, String codec,
                          int stressTest) {

    /** A run without the extra pinging client, with codec v2. */
    public BotsOptions(String server, int httpPort, int quicPort, String transport, int clients, Duration duration,
                       Duration ramp, Path tokensFile, String scenario, long seed, int mirrorSample) {
        this(server, httpPort, quicPort, transport, clients, duration, ramp, tokensFile, scenario, seed, mirrorSample,
                null, "ws", "v2", 0);
    }

    /** Validates, naming the bad setting. */
    public BotsOptions {
        if (clients < 1 || clients > 100_000) {
            throw new IllegalArgumentException("clients must be 1..100000, got " + clients);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (ramp.isNegative() || ramp.compareTo(duration) > 0) {
            throw new IllegalArgumentException("ramp must be between 0 and the duration, got " + ramp);
        }
        if (mirrorSample < 0) {
            throw new IllegalArgumentException("mirror-sample must be >= 0, got " + mirrorSample);
        }
        if (pingerEvery != null && (pingerEvery.isNegative() || pingerEvery.isZero())) {
            throw new IllegalArgumentException("pinger-every must be positive, got " + pingerEvery);
        }
        if (!pingerTransport.equals("ws") && !pingerTransport.equals("quic")) {
            throw new IllegalArgumentException("pinger-transport must be 'ws' or 'quic', got '" + pingerTransport + "'");
        }
        if (!codec.equals("v1") && !codec.equals("v2")) {
            throw new IllegalArgumentException("codec must be 'v1' or 'v2', got '" + codec + "'");
        }
        if (stressTest < 0 || stressTest > 65_535) {
            throw new IllegalArgumentException("stress-test must be 0..65535 entities, got " + stressTest);
        }
        if (!scenario.equals("fly") && !scenario.equals("s1")) {
            throw new IllegalArgumentException("scenario must be 'fly' or 's1', got '" + scenario + "'");
        }
    }
}
