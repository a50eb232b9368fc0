package dev.aetheris.fleet;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Answers "a seat of this kind for this player": holds one in the directory (an existing room with
 * space, else a new room on the least-loaded node) and signs the reservation the client presents
 * to that room's node. Blocks on the directory: HTTP workers only.
 *
 * <p>Thread-safe.
 */
public final class Matchmaker {
    private final ClusterDirectory directory;
    private final SeatTokens tokens;
    private final FleetConfig config;
    private final Set<String> kinds;
    private final BooleanSupplier draining;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    /** The outcome of one request. */
    public sealed interface Result {
        /** A held seat and its signed reservation. @param seat the seat @param reservation for {@code JoinRoom} */
        record Matched(Seat seat, String reservation) implements Result {
        }

        /** No seat. @param status HTTP status @param code machine-readable @param message for the developer */
        record Refused(int status, String code, String message) implements Result {
        }
    }

    /**
     * @param directory the shared directory
     * @param tokens    the cluster's signer
     * @param config    this node's timing (TTL, seat lifetime)
     * @param kinds     room kinds this build can host (every node of a cluster runs the same build)
     * @param draining  whether this node has stopped taking new players
     * @param clock     wall clock
     */
    public Matchmaker(ClusterDirectory directory, SeatTokens tokens, FleetConfig config, Set<String> kinds,
                      BooleanSupplier draining, InstantSource clock) {
        this.directory = directory;
        this.tokens = tokens;
        this.config = config;
        this.kinds = Set.copyOf(kinds);
        this.draining = draining;
        this.clock = clock;
    }

    /** A seat of {@code kind} for {@code playerId}. */
    public Result match(String kind, String playerId) {
        if (draining.getAsBoolean()) {
            return new Result.Refused(503, "draining", "this node is shutting down; ask another node");
        }
        if (kind == null || !kinds.contains(kind)) {
            return new Result.Refused(400, "unknown_kind", "kind must be one of " + kinds + ", got '" + kind + "'");
        }
        long now = clock.millis();
        String nonce = hex(12);
        Optional<Seat> seat;
        try {
            seat = directory.reserve(kind, now, config.ttlMillis(), config.seatMillis(), nonce,
                    () -> kind + "-" + hex(6));
        } catch (FleetStoreException e) {
            return new Result.Refused(503, "directory_unavailable", e.getMessage());
        }
        if (seat.isEmpty()) {
            return new Result.Refused(503, "no_capacity", "every node is full or draining; retry shortly");
        }
        Seat s = seat.get();
        Reservation r = new Reservation(s.room().roomId(), s.node().nodeId(), kind, playerId, s.expiresAt(), nonce);
        return new Result.Matched(s, tokens.sign(r));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
