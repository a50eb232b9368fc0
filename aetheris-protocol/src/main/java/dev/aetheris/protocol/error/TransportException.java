package dev.aetheris.protocol.error;

/** Thrown by {@code GameTransport.poll} when the transport fails; the tick is then skipped. */
public final class TransportException extends Exception {
    private final transient TransportError error;

    /** @param error what went wrong */
    public TransportException(TransportError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** What went wrong. */
    public TransportError error() {
        return error;
    }
}
