package dev.aetheris.protocol.error;

/**
 * Thrown by codecs with a {@link CodecError} value. Bad network input is expected, so this
 * exception skips the stack trace: it is cheap to throw and carries everything in {@link #error()}.
 */
public final class CodecException extends Exception {
    private final transient CodecError error;

    /** @param error what went wrong */
    public CodecException(CodecError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** What went wrong, for an exhaustive {@code switch}. */
    public CodecError error() {
        return error;
    }
}
