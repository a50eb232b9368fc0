package dev.aetheris.transport;

/** A transport could not start: a port in use, unreadable TLS material, an unwritable data dir. */
public final class TransportStartException extends Exception {

    /** @param message what failed and which setting to change */
    public TransportStartException(String message) {
        super(message);
    }

    /** @param message what failed and which setting to change @param cause the underlying failure */
    public TransportStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
