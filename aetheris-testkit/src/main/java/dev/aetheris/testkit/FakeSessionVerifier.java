package dev.aetheris.testkit;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Session;
import dev.aetheris.protocol.seam.SessionVerifier;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SessionVerifier} for tests: tokens are registered by name, may be revoked at any time,
 * and resolve to fixed sessions. Thread-safe.
 */
public final class FakeSessionVerifier implements SessionVerifier {
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicLong revocations = new AtomicLong();

    /** Registers {@code token} for a player; admins get the {@code admin} role. */
    public Session issue(String token, String playerId, boolean admin) {
        Session s = new Session("jti-" + token, playerId, admin ? Set.of(Session.ADMIN) : Set.of(),
                Long.MAX_VALUE);
        byToken.put(token, s);
        return s;
    }

    /** Revokes the session behind {@code token}; later checks fail and {@link #revocations()} changes. */
    public void revoke(String token) {
        Session s = byToken.get(token);
        if (s != null && revoked.add(s.sessionId())) {
            revocations.incrementAndGet();
        }
    }

    @Override
    public long revocations() {
        return revocations.get();
    }

    @Override
    public AuthResult authenticate(String token) {
        Session s = byToken.get(token);
        if (s == null) {
            return new AuthResult.Rejected(AuthResult.Reason.BAD_SIGNATURE, "unknown test token");
        }
        if (revoked.contains(s.sessionId())) {
            return new AuthResult.Rejected(AuthResult.Reason.REVOKED, "revoked");
        }
        return new AuthResult.Accepted(s);
    }

    @Override
    public boolean isActive(Session session) {
        return !revoked.contains(session.sessionId());
    }
}
