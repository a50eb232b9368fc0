package dev.aetheris.protocol.seam;

/**
 * The tick loop's view of authentication: turn a token into a session, and ask cheaply whether a
 * session is still good.
 *
 * <p><b>Threading.</b> Both methods are called on the room-loop thread and must not block on I/O:
 * implementations answer from memory (signature checks with a cached public key, revocations and
 * activity kept in memory and synchronised with storage off the tick thread). They may be called
 * concurrently from several room loops.
 */
public interface SessionVerifier {

    /** Verifies a token presented in an {@code Auth} message. */
    AuthResult authenticate(String token);

    /**
     * Whether {@code session} is still valid now (not revoked, not expired, not idle too long), and
     * records activity for the sliding idle window. Allocation-free.
     */
    boolean isActive(Session session);
}
