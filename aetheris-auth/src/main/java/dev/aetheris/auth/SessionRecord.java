package dev.aetheris.auth;

import java.util.Set;

/**
 * One stored session, as the store keeps it (times in epoch milliseconds).
 *
 * @param jti          the token id, primary key
 * @param playerId     the player
 * @param roles        granted roles; copied
 * @param createdAt    when the token was issued
 * @param expiresAt    absolute expiry
 * @param lastActivity last recorded use (coalesced, may trail the in-memory value)
 * @param revokedAt    when it was revoked, or {@code 0} if it is not
 */
public record SessionRecord(String jti, String playerId, Set<String> roles, long createdAt, long expiresAt,
                            long lastActivity, long revokedAt) {
    /** Copies the roles. */
    public SessionRecord {
        roles = Set.copyOf(roles);
    }

    /** Whether the session has been revoked. */
    public boolean revoked() {
        return revokedAt != 0;
    }
}
