package dev.aetheris.fleet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies seat reservations with HMAC-SHA256 under the cluster's shared secret (kept
 * in the directory's database), so the node that runs the room verifies a reservation another
 * node issued without asking anyone. Format: {@code base64url(fields) "." base64url(mac)}.
 * Verification does no I/O and takes microseconds, so a room loop may call it.
 *
 * <p>Thread-safe: a {@link Mac} per thread.
 */
public final class SeatTokens {
    private static final String ALG = "HmacSHA256";
    private static final String VERSION = "s1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** @param secret the cluster's shared secret (at least 32 bytes) */
    public SeatTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("seat secret must be at least 32 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), ALG);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALG);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALG, e);
        }
    }

    /** The signed string handed to the client. */
    public String sign(Reservation r) {
        // The player id goes last: it is the only field whose characters we do not choose.
        String fields = String.join("|", VERSION, r.roomId(), r.nodeId(), r.kind(), Long.toString(r.expiresAt()),
                r.nonce(), r.playerId());
        byte[] body = fields.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(body) + "." + B64.encodeToString(macs.get().doFinal(body));
    }

    /**
     * The reservation inside {@code token} if its signature verifies, else null. Says nothing
     * about expiry or reuse: {@link SeatGate} judges those.
     */
    public Reservation verify(String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return null;
        }
        byte[] body;
        byte[] mac;
        try {
            body = B64D.decode(token.substring(0, dot));
            mac = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(macs.get().doFinal(body), mac)) {
            return null;
        }
        String[] f = new String(body, StandardCharsets.UTF_8).split("\\|", 7);
        if (f.length != 7 || !f[0].equals(VERSION)) {
            return null;
        }
        try {
            return new Reservation(f[1], f[2], f[3], f[6], Long.parseLong(f[4]), f[5]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
