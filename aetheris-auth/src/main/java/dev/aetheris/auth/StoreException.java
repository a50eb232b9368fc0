package dev.aetheris.auth;

/** The session store failed (database unreachable, schema newer than this build, ...). */
public final class StoreException extends RuntimeException {
    StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    StoreException(String message) {
        super(message);
    }
}
