package dev.aetheris.protocol.error;

/** Thrown by {@code WorldState} operations that the world refuses. */
public final class WorldException extends Exception {
    private final transient WorldError error;

    /** @param error what went wrong */
    public WorldException(WorldError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** What went wrong. */
    public WorldError error() {
        return error;
    }
}
