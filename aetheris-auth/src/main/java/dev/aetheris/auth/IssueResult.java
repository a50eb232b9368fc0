package dev.aetheris.auth;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Session;

/** The outcome of an operation that hands out a session token (login, refresh). */
public sealed interface IssueResult {

    /** @param token the signed session token @param session what it grants */
    record Issued(String token, Session session) implements IssueResult {
    }

    /** @param reason why the presented token was refused @param detail a short explanation */
    record Refused(AuthResult.Reason reason, String detail) implements IssueResult {
    }
}
