package dev.aetheris.protocol.seam;

import java.util.Set;

/**
 * An authenticated player's session, as established from a verified token.
 *
 * @param sessionId          the token's {@code jti}; revocation and refresh act on it
 * @param playerId           stable player id (the token's {@code sub})
 * @param roles              granted roles, e.g. {@link #ADMIN}; copied
 * @param expiresAtEpochMilli absolute expiry
 */
public record Session(String sessionId, String playerId, Set<String> roles, long expiresAtEpochMilli) {
    /** The role that allows playground commands (StressTest, Spawn, ClearWorld). */
    public static final String ADMIN = "admin";

    /** Copies the role set. */
    public Session {
        roles = Set.copyOf(roles);
    }

    /** Whether this session may run privileged playground commands. */
    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }
}
