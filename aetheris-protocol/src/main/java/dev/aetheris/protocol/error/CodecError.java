package dev.aetheris.protocol.error;

/** Why a codec could not encode or decode something. Every variant names what a caller can act on. */
public sealed interface CodecError {

    /** A readable one-line description. */
    String message();

    /**
     * The output buffer is too small.
     *
     * @param needed    bytes the encoding needs (exact, not an estimate)
     * @param available bytes that were available
     */
    record BufferOverflow(int needed, int available) implements CodecError {
        @Override
        public String message() {
            return "buffer overflow: needed " + needed + " bytes, " + available + " available";
        }
    }

    /**
     * The input bytes are not a valid encoding.
     *
     * @param offset byte offset of the problem, from the start of the input
     * @param reason what is wrong there
     */
    record MalformedPayload(int offset, String reason) implements CodecError {
        @Override
        public String message() {
            return reason + " at byte " + offset;
        }
    }

    /** No layout is registered for this component kind. @param kind the kind (u16) */
    record UnknownComponent(int kind) implements CodecError {
        @Override
        public String message() {
            return "unknown component kind " + kind;
        }
    }

    /** A local-only event (connection lifecycle, raw message) cannot cross the wire. @param variant its name */
    record NotEncodable(String variant) implements CodecError {
        @Override
        public String message() {
            return "cannot encode local-only event " + variant;
        }
    }

    /** A value cannot be represented (e.g. a string over its limit). @param reason why */
    record InvalidValue(String reason) implements CodecError {
        @Override
        public String message() {
            return "invalid value: " + reason;
        }
    }
}
