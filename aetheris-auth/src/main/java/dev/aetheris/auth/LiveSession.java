package dev.aetheris.auth;

import dev.aetheris.protocol.seam.Session;

/**
 * In-memory state of one session in {@link AuthService}'s map. Fields other than the final ones
 * are shared across threads (tick, HTTP workers, the sync thread).
 */
final class LiveSession {
    final Session session;
    final long createdAt;
    final long expiresAt;
    volatile long lastActivity;
    volatile long revokedAt;
    /** Last activity known to be in the store; touched only by the sync thread. */
    long persistedActivity;

    LiveSession(Session session, long createdAt, long expiresAt, long lastActivity, long revokedAt) {
        this.session = session;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.lastActivity = lastActivity;
        this.persistedActivity = lastActivity;
        this.revokedAt = revokedAt;
    }

    static LiveSession of(SessionRecord r) {
        return new LiveSession(new Session(r.jti(), r.playerId(), r.roles(), r.expiresAt()), r.createdAt(),
                r.expiresAt(), r.lastActivity(), r.revokedAt());
    }

    SessionRecord toRecord() {
        return new SessionRecord(session.sessionId(), session.playerId(), session.roles(), createdAt, expiresAt,
                lastActivity, revokedAt);
    }
}
