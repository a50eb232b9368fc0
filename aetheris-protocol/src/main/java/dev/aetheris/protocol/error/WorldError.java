package dev.aetheris.protocol.error;

/** Why the world refused an operation. */
public sealed interface WorldError {

    /** A readable one-line description. */
    String message();

    /** @param networkId the id that names no live entity */
    record EntityNotFound(long networkId) implements WorldError {
        @Override
        public String message() {
            return "no live entity " + Long.toUnsignedString(networkId);
        }
    }

    /** @param limit the configured world-wide entity cap */
    record EntityLimitReached(int limit) implements WorldError {
        @Override
        public String message() {
            return "entity limit of " + limit + " reached";
        }
    }

    /** @param kind an entity kind the world cannot spawn */
    record UnknownEntityKind(int kind) implements WorldError {
        @Override
        public String message() {
            return "unknown entity kind " + kind;
        }
    }

    /** @param reason why an input or command was rejected */
    record InvalidInput(String reason) implements WorldError {
        @Override
        public String message() {
            return "invalid input: " + reason;
        }
    }
}
