package dev.aetheris.protocol.error;

/** Why a transport operation failed. */
public sealed interface TransportError {

    /** A readable one-line description. */
    String message();

    /** No such connection (it may have just closed). @param clientId the id */
    record ClientNotConnected(long clientId) implements TransportError {
        @Override
        public String message() {
            return "client " + Long.toUnsignedString(clientId) + " is not connected";
        }
    }

    /** @param size the message size @param max the transport's limit */
    record PayloadTooLarge(int size, int max) implements TransportError {
        @Override
        public String message() {
            return "payload of " + size + " bytes exceeds the limit of " + max;
        }
    }

    /** The transport cannot deliver events any more (socket closed, event loop gone). @param reason why */
    record Io(String reason) implements TransportError {
        @Override
        public String message() {
            return "transport I/O failure: " + reason;
        }
    }
}
