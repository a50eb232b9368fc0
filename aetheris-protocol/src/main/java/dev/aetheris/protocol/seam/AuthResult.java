package dev.aetheris.protocol.seam;

/** What {@link SessionVerifier#authenticate} concluded about a presented token. */
public sealed interface AuthResult {

    /** @param session the established session */
    record Accepted(Session session) implements AuthResult {
    }

    /** @param reason the counted reason @param detail a short human-readable explanation */
    record Rejected(Reason reason, String detail) implements AuthResult {
    }

    /** Every distinct reason a token or session is refused; each is counted separately. */
    enum Reason {
        /** Signature does not verify with any trusted key. */
        BAD_SIGNATURE,
        /** {@code alg: none} or an algorithm the server does not accept. */
        UNEXPECTED_ALGORITHM,
        /** Issued by someone else. */
        WRONG_ISSUER,
        /** Past {@code exp}. */
        EXPIRED,
        /** Before {@code nbf}/{@code iat}. */
        NOT_YET_VALID,
        /** Not a parseable token. */
        MALFORMED,
        /** A required claim is absent. */
        MISSING_CLAIMS,
        /** Logged out, refreshed or revoked by an operator. */
        REVOKED,
        /** No activity within the idle window. */
        IDLE_TOO_LONG,
        /** The session store does not know the session. */
        UNKNOWN_SESSION
    }
}
