package dev.aetheris.auth;

/**
 * Delivers one-time codes. Implementations: {@link SmtpMailSender} (production),
 * {@link LogMailSender} (dev mode); tests supply their own.
 */
public interface MailSender {

    /** Sends a plain-text message. Blocks until handed to the mail server. @throws MailException if it was not */
    void send(String to, String subject, String body) throws MailException;

    /** Delivery failed; the message says where (never the code). */
    final class MailException extends Exception {
        /** @param message what failed @param cause the underlying error, may be null */
        public MailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
