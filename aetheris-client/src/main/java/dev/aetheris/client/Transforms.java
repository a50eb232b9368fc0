package dev.aetheris.client;

/**
 * Reads fields of a canonical Transform payload ({@code 95 ca x ca y ca z ca rot <uint kind>})
 * without a general decoder: the bot tool reads positions of thousands of entities a second.
 */
public final class Transforms {
    private Transforms() {
    }

    /** The x coordinate. */
    public static float x(byte[] p) {
        return f32(p, 2);
    }

    /** The y coordinate. */
    public static float y(byte[] p) {
        return f32(p, 7);
    }

    /** The rotation in radians. */
    public static float rotation(byte[] p) {
        return f32(p, 17);
    }

    /** The entity kind (u16 in its smallest MessagePack form). */
    public static int entityType(byte[] p) {
        int b = p[21] & 0xFF;
        if (b <= 0x7f) {
            return b;
        }
        if (b == 0xcc) {
            return p[22] & 0xFF;
        }
        if (b == 0xcd) {
            return ((p[22] & 0xFF) << 8) | (p[23] & 0xFF);
        }
        return -1;
    }

    private static float f32(byte[] p, int at) {
        return Float.intBitsToFloat(((p[at] & 0xFF) << 24) | ((p[at + 1] & 0xFF) << 16) | ((p[at + 2] & 0xFF) << 8)
                | (p[at + 3] & 0xFF));
    }
}
