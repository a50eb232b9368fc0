package dev.aetheris.protocol.seam;

/**
 * The tick loop's view of authentication: turn a token into a session, and ask cheaply whether a
 * session is still good.
 *
 * <p><b>Threading.</b> The methods are called on the room-loop thread ({@link #authenticate} also on
 * its Auth verifier thread) and must not block on I/O: implementations answer from memory
 * (signature checks with a cached public key, revocations and activity kept in memory and
 * synchronised with storage off the tick thread). They may be called concurrently from several
 * threads.
 */
public interface SessionVerifier {

    /** Verifies a token presented in an {@code Auth} message. */
    AuthResult authenticate(String token);

    /**
     * Whether {@code session} is still valid now (not revoked, not expired, not idle too long), and
     * records activity for the sliding idle window. Allocation-free.
     */
    boolean isActive(Session session);

    /**
     * A number that changes whenever a session this verifier knows was revoked (logout, refresh,
     * an operator's or another node's revocation pulled from the store). The tick reads it every
     * tick and re-checks its sessions when it changed, so a revocation bites within one tick
     * instead of at the next periodic sweep. A volatile read; allocation-free. The default never
     * changes (sessions are then re-checked only periodically and on every message).
     */
    default long revocations() {
        return 0;
    }
}
