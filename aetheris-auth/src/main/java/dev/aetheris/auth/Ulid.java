package dev.aetheris.auth;

import java.security.SecureRandom;

/**
 * Generates ULIDs: 48 bits of Unix milliseconds then 80 random bits, as 26 Crockford base32
 * characters. Used for token ids ({@code jti}), key ids, OTP request ids and player ids. Time-first
 * ordering keeps the store's primary-key index append-mostly. Thread-safe.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    /** Length of every ULID string. */
    public static final int LENGTH = 26;

    private final SecureRandom random;

    /** @param random the randomness source; the 80 random bits are what makes ids unguessable */
    public Ulid(SecureRandom random) {
        this.random = random;
    }

    /** A new ULID for the given time. */
    public String next(long epochMilli) {
        if (epochMilli < 0 || epochMilli >= (1L << 48)) {
            throw new IllegalArgumentException("ULID time out of range: " + epochMilli);
        }
        byte[] rnd = new byte[10];
        random.nextBytes(rnd);
        char[] out = new char[LENGTH];
        // 10 chars of time (50 bits, top 2 always zero), then 16 chars of randomness (80 bits).
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (epochMilli & 31)];
            epochMilli >>>= 5;
        }
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (rnd[i] & 0xFF);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (rnd[i] & 0xFF);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code s} has the shape of a ULID (26 Crockford characters, leading char 0-7). */
    public static boolean isValid(String s) {
        if (s == null || s.length() != LENGTH || s.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (decode(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The millisecond timestamp encoded in a valid ULID. */
    public static long timestamp(String ulid) {
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | decode(ulid.charAt(i));
        }
        return t;
    }

    private static int decode(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
