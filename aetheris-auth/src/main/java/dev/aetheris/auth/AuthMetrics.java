package dev.aetheris.auth;

import dev.aetheris.protocol.seam.AuthResult.Reason;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of the auth module. Every refusal is counted under its {@link Reason}; incrementing
 * allocates nothing, so the tick thread may count. Thread-safe.
 */
public final class AuthMetrics {
    /** Counted events other than refusals. */
    public enum Event {
        /** A token or session check passed. */
        ACCEPTED,
        /** A session token was issued (login, dev login). */
        ISSUED,
        /** A token was refreshed. */
        REFRESHED,
        /** A session was revoked by logout or an operator. */
        REVOKED,
        /** A verified token from another node was registered locally. */
        FOREIGN_REGISTERED,
        /** A one-time code was sent. */
        OTP_SENT,
        /** A one-time code request was refused by a rate limit. */
        OTP_RATE_LIMITED,
        /** A one-time code verification failed. */
        OTP_FAILED,
        /** A one-time code could not be delivered. */
        OTP_DELIVERY_FAILED,
        /** A store operation failed on the background thread. */
        STORE_ERROR,
        /** A background sync pass ran. */
        SYNC_RUN
    }

    private final AtomicLongArray rejections = new AtomicLongArray(Reason.values().length);
    private final AtomicLongArray events = new AtomicLongArray(Event.values().length);

    void reject(Reason r) {
        rejections.incrementAndGet(r.ordinal());
    }

    void increment(Event e) {
        events.incrementAndGet(e.ordinal());
    }

    /** How many refusals had reason {@code r}. */
    public long rejections(Reason r) {
        return rejections.get(r.ordinal());
    }

    /** How many times {@code e} happened. */
    public long count(Event e) {
        return events.get(e.ordinal());
    }

    /** Every counter by a stable snake-case name (e.g. {@code rejected_bad_signature}), for export. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            m.put("rejected_" + r.name().toLowerCase(Locale.ROOT), rejections(r));
        }
        for (Event e : Event.values()) {
            m.put(e.name().toLowerCase(Locale.ROOT), count(e));
        }
        return m;
    }
}
