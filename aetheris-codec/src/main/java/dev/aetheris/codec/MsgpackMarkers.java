package dev.aetheris.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a MessagePack marker byte says (its type family, its name for error messages) and strict
 * UTF-8 decoding: the stateless part of reading, shared by {@link MsgpackIn} and its callers.
 */
final class MsgpackMarkers {
    private MsgpackMarkers() {
    }

    /** Human name of the MessagePack type starting with {@code marker}, for error messages. */
    static String typeName(int m) {
        if (m <= 0x7f || (m >= 0xcc && m <= 0xcf)) {
            return "unsigned integer";
        } else if (m >= 0xe0 || (m >= 0xd0 && m <= 0xd3)) {
            return "signed integer";
        } else if (m <= 0x8f || m == 0xde || m == 0xdf) {
            return "map";
        } else if (m <= 0x9f || m == 0xdc || m == 0xdd) {
            return "array";
        } else if (m <= 0xbf || (m >= 0xd9 && m <= 0xdb)) {
            return "string";
        }
        return switch (m) {
            case 0xc0 -> "nil";
            case 0xc2, 0xc3 -> "bool";
            case 0xc4, 0xc5, 0xc6 -> "bin";
            case 0xca -> "float32";
            case 0xcb -> "float64";
            case 0xc1 -> "reserved byte 0xc1";
            default -> "ext";
        };
    }

    static boolean isStr(int m) {
        return (m >= 0xa0 && m <= 0xbf) || (m >= 0xd9 && m <= 0xdb);
    }

    static boolean isMap(int m) {
        return (m >= 0x80 && m <= 0x8f) || m == 0xde || m == 0xdf;
    }

    static boolean isArray(int m) {
        return (m >= 0x90 && m <= 0x9f) || m == 0xdc || m == 0xdd;
    }

    static boolean isInt(int m) {
        return m <= 0x7f || m >= 0xe0 || (m >= 0xcc && m <= 0xd3);
    }

    /** Strict UTF-8 decoding; {@code null} if the bytes are not valid UTF-8. */
    static String decodeUtf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
