package dev.aetheris.fleet;

/** The cluster directory's database failed; the message names the operation and the database error. */
public final class FleetStoreException extends RuntimeException {
    /** @param message what failed @param cause the JDBC error */
    public FleetStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
