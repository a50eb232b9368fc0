package dev.aetheris.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email one-time codes: 6 digits, {@value #LIFE_MILLIS} ms of life, {@value #MAX_ATTEMPTS} attempts,
 * rate limited to {@value #PER_EMAIL_PER_HOUR} requests per email and {@value #PER_IP_PER_HOUR} per
 * client IP per hour. A code is kept only as an HMAC-SHA-256 under a random key that never leaves
 * memory, bound to its request id, and compared in constant time. Pending codes live in memory: a
 * restart only makes players ask for a new code. Thread-safe.
 */
public final class OtpService {
    private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);
    static final long LIFE_MILLIS = 10 * 60_000;
    static final int MAX_ATTEMPTS = 3;
    static final int PER_EMAIL_PER_HOUR = 5;
    static final int PER_IP_PER_HOUR = 30;
    private static final long HOUR = 3_600_000;
    private static final int HMAC_KEY_BYTES = 32;
    private static final long SWEEP_MILLIS = 60_000;

    /** The outcome of asking for a code. */
    public sealed interface RequestResult {
        /** @param requestId pass it back with the code @param expiresAt epoch ms */
        record Sent(String requestId, long expiresAt) implements RequestResult {
        }

        /** @param retryAfterSeconds when to try again @param scope {@code email} or {@code ip} */
        record RateLimited(long retryAfterSeconds, String scope) implements RequestResult {
        }

        /** @param message what is wrong with the input */
        record Invalid(String message) implements RequestResult {
        }

        /** @param message what failed (never the code) */
        record DeliveryFailed(String message) implements RequestResult {
        }
    }

    /** The outcome of presenting a code. */
    public sealed interface VerifyResult {
        /** @param email the normalised address the code was sent to */
        record Verified(String email) implements VerifyResult {
        }

        /** @param message why (deliberately vague towards the client) */
        record Refused(String message) implements VerifyResult {
        }
    }

    private static final class Pending {
        final String email;
        final byte[] mac;
        final long expiresAt;
        int attempts;

        Pending(String email, byte[] mac, long expiresAt) {
            this.email = email;
            this.mac = mac;
            this.expiresAt = expiresAt;
        }
    }

    private final InstantSource clock;
    private final SecureRandom random;
    private final Ulid ulid;
    private final MailSender mail;
    private final AuthMetrics metrics;
    private final SecretKeySpec macKey;
    private final RateLimiter perEmail = new RateLimiter(PER_EMAIL_PER_HOUR, HOUR);
    private final RateLimiter perIp = new RateLimiter(PER_IP_PER_HOUR, HOUR);
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    /** @param mail how codes reach players @param metrics where to count */
    public OtpService(InstantSource clock, SecureRandom random, MailSender mail, AuthMetrics metrics) {
        this.clock = clock;
        this.random = random;
        this.ulid = new Ulid(random);
        this.mail = mail;
        this.metrics = metrics;
        byte[] k = new byte[HMAC_KEY_BYTES];
        random.nextBytes(k);
        this.macKey = new SecretKeySpec(k, "HmacSHA256");
        this.lastSweep.set(clock.millis());
    }

    /** Creates and sends a code for {@code rawEmail}, requested from {@code clientIp}. */
    public RequestResult request(String rawEmail, String clientIp) {
        String email = AuthConfig.normaliseEmail(rawEmail);
        if (email == null) {
            return new RequestResult.Invalid("email is not a valid address");
        }
        long now = clock.millis();
        maybeSweep(now);
        // The IP limit is checked first so that one address cannot exhaust many players' email budgets.
        long wait = perIp.tryAcquire(clientIp == null ? "unknown" : clientIp, now);
        String scope = "ip";
        if (wait == 0) {
            wait = perEmail.tryAcquire(email, now);
            scope = "email";
        }
        if (wait > 0) {
            metrics.increment(AuthMetrics.Event.OTP_RATE_LIMITED);
            return new RequestResult.RateLimited((wait + 999) / 1000, scope);
        }
        String code = String.format("%06d", random.nextInt(1_000_000));
        String requestId = ulid.next(now);
        long expiresAt = now + LIFE_MILLIS;
        pending.put(requestId, new Pending(email, mac(requestId, code), expiresAt));
        try {
            mail.send(email, "Your Aetheris login code",
                    "Your login code is " + code + ". It expires in 10 minutes. If you did not ask for it, ignore this mail.");
        } catch (MailSender.MailException e) {
            pending.remove(requestId);
            metrics.increment(AuthMetrics.Event.OTP_DELIVERY_FAILED);
            LOG.warn("auth: one-time code delivery failed: {}", e.getMessage());
            return new RequestResult.DeliveryFailed("the code could not be sent; try again later");
        }
        metrics.increment(AuthMetrics.Event.OTP_SENT);
        return new RequestResult.Sent(requestId, expiresAt);
    }

    /** Checks {@code code} for {@code requestId}; a correct code can be used once. */
    public VerifyResult verify(String requestId, String code) {
        long now = clock.millis();
        Pending p = requestId == null ? null : pending.get(requestId);
        if (p == null) {
            return refuse("unknown or used request");
        }
        synchronized (p) {
            if (pending.get(requestId) != p) {
                return refuse("unknown or used request");
            }
            if (now >= p.expiresAt) {
                pending.remove(requestId);
                return refuse("code expired");
            }
            boolean shaped = code != null && code.length() == 6 && code.chars().allMatch(c -> c >= '0' && c <= '9');
            byte[] presented = mac(requestId, shaped ? code : "");
            if (shaped && MessageDigest.isEqual(presented, p.mac)) {
                pending.remove(requestId);
                return new VerifyResult.Verified(p.email);
            }
            p.attempts++;
            if (p.attempts >= MAX_ATTEMPTS) {
                pending.remove(requestId);
                return refuse("wrong code; no attempts left");
            }
            return refuse("wrong code");
        }
    }

    private void maybeSweep(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_MILLIS && lastSweep.compareAndSet(last, now)) {
            sweep();
        }
    }

    /** Forgets expired codes and idle rate-limit windows (also done every minute by {@link #request}). */
    public void sweep() {
        long now = clock.millis();
        pending.values().removeIf(p -> now >= p.expiresAt);
        perEmail.sweep(now);
        perIp.sweep(now);
    }

    /** Codes waiting for verification. */
    int pendingCount() {
        return pending.size();
    }

    private VerifyResult refuse(String why) {
        metrics.increment(AuthMetrics.Event.OTP_FAILED);
        return new VerifyResult.Refused(why);
    }

    private byte[] mac(String requestId, String code) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(macKey);
            m.update(requestId.getBytes(StandardCharsets.US_ASCII));
            m.update((byte) 0);
            return m.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
