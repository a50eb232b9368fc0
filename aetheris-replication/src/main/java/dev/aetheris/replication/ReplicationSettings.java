package dev.aetheris.replication;

/**
 * How far clients see and how many bytes each may receive. Immutable; safe to share.
 *
 * @param interestRadius  world units around a client's focus within which entities enter its view
 * @param leaveMargin     extra distance before a known entity leaves again (hysteresis), ≥ 0, so
 *                        an entity moving along the edge does not enter and leave every tick
 * @param bytesPerSecond  the client's budget
 * @param sendsPerSecond  how often {@link Replicator#replicate} runs (the tick rate divided by the
 *                        state rate); each send may spend {@code bytesPerSecond / sendsPerSecond}
 * @param carryFraction   unspent budget carried forward, at most this fraction of one second's
 *                        budget (0..0.1), so a client's rate over any second stays within
 *                        {@code 1 + carryFraction} of its budget
 * @param enterScanEvery  look for entities entering a client's radius every this many sends
 *                        (clients take turns); leaving, changes and budgets are handled every send.
 *                        The grid query is the costliest step per client, and an entity crossing
 *                        the radius a few sends late is not noticed at 20 scans per second
 */
public record ReplicationSettings(float interestRadius, float leaveMargin, int bytesPerSecond, int sendsPerSecond,
                                  float carryFraction, int enterScanEvery) {
    /** Default budget: 48 KiB/s per client. */
    public static final int DEFAULT_BYTES_PER_SECOND = 48 * 1024;

    /** @throws IllegalArgumentException for non-positive or non-finite values, or a carry outside 0..0.1 */
    public ReplicationSettings {
        if (!(interestRadius > 0) || !Float.isFinite(interestRadius) || !(leaveMargin >= 0)
                || !Float.isFinite(leaveMargin)) {
            throw new IllegalArgumentException("interest radius must be > 0 and margin >= 0, got "
                    + interestRadius + " and " + leaveMargin);
        }
        if (bytesPerSecond <= 0 || sendsPerSecond <= 0) {
            throw new IllegalArgumentException("budget and send rate must be positive, got "
                    + bytesPerSecond + " B/s at " + sendsPerSecond + " sends/s");
        }
        if (enterScanEvery < 1) {
            throw new IllegalArgumentException("enter scan interval must be at least 1 send, got " + enterScanEvery);
        }
        if (!(carryFraction >= 0 && carryFraction <= 0.1f)) {
            throw new IllegalArgumentException("carry fraction must be within 0..0.1, got " + carryFraction);
        }
    }

    /** Settings with a 10 % leave margin, a 5 % carry and about 20 enter scans per second. */
    public static ReplicationSettings of(float interestRadius, int bytesPerSecond, int sendsPerSecond) {
        return new ReplicationSettings(interestRadius, interestRadius * 0.1f, bytesPerSecond, sendsPerSecond, 0.05f,
                Math.max(1, sendsPerSecond / 20));
    }

    /** Distance beyond which a known entity leaves. */
    public float leaveRadius() {
        return interestRadius + leaveMargin;
    }

    /** What one send may spend on average. */
    public float bytesPerSend() {
        return (float) bytesPerSecond / sendsPerSecond;
    }
}
