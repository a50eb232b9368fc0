package dev.aetheris.auth;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.AuthResult.Reason;
import dev.aetheris.protocol.seam.Session;
import dev.aetheris.protocol.seam.SessionVerifier;
import dev.aetheris.protocol.util.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions: issues signed tokens, verifies them, and answers the tick loop's
 * {@link SessionVerifier} questions from memory.
 *
 * <p><b>Memory and store.</b> Every unexpired session (revoked ones included) is held in a
 * concurrent map keyed by {@code jti}. {@link #authenticate} and {@link #isActive} read and update
 * only that map, never the database. Login, refresh and logout write the store synchronously (they
 * run on HTTP workers) and then the map. A background thread ({@link #syncOnce}, every
 * {@value #SYNC_PERIOD_MILLIS} ms) writes coalesced last-activity times, stores sessions learned from
 * other nodes' tokens, and pulls sessions created, used or revoked elsewhere (another node on the
 * same PostgreSQL, an operator), so a remote revocation reaches the tick within a second.
 *
 * <p><b>Tokens from other nodes.</b> A token that verifies but whose {@code jti} is not in the map
 * was issued after the last sync by a node sharing this store: it is accepted, registered in the map
 * and written to the store in the background. Revocations still reach it through the sync.
 */
public final class AuthService implements SessionVerifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    /** Background sync period; below one second so a remote revocation is seen within one. */
    public static final long SYNC_PERIOD_MILLIS = 500;
    /** A session's last activity is written when it moved at least this much since the last write. */
    static final long ACTIVITY_WRITE_MILLIS = 30_000;
    /** Re-read rows changed this long before the previous poll, to absorb clock differences between nodes. */
    static final long POLL_OVERLAP_MILLIS = 60_000;
    private static final long KEY_RELOAD_MILLIS = 5_000;
    private static final long PURGE_MILLIS = 10 * 60_000;

    private final AuthConfig config;
    private final InstantSource clock;
    private final long idleMillis;
    private final Ulid ulid;
    private final KeyRing keys;
    private final TokenCodec codec;
    private final JdbcSessionStore store;
    private final AuthMetrics metrics = new AuthMetrics();
    private final ConcurrentHashMap<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<LiveSession> pendingInserts = new ConcurrentLinkedQueue<>();
    private final AtomicLong revocations = new AtomicLong();
    private final ScheduledExecutorService background;
    private final Object syncLock = new Object();
    private long lastPoll;
    private long lastKeyReload;
    private long lastPurge;
    private volatile boolean closed;

    private AuthService(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.idleMillis = config.idleWindow().toMillis();
        this.ulid = new Ulid(b.random);
        try {
            PrivateFiles.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StoreException("cannot create data dir " + config.dataDir() + ": " + e.getMessage(), e);
        }
        this.keys = KeyRing.open(config.effectiveKeyDir(), b.generateKeys, ulid, clock);
        this.codec = new TokenCodec(keys, config.issuer());
        this.store = JdbcSessionStore.open(config.effectiveJdbcUrl());
        long now = clock.millis();
        for (SessionRecord r : store.loadUnexpired(now)) {
            sessions.put(r.jti(), LiveSession.of(r));
        }
        this.lastPoll = now;
        this.lastKeyReload = now;
        this.lastPurge = now;
        LOG.info("auth: {} unexpired sessions loaded, signing key {}, store {}", sessions.size(),
                keys.signingKid() == null ? "none (verify only)" : keys.signingKid(), store.dialect());
        if (b.backgroundSync) {
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aetheris-auth-sync");
                t.setDaemon(true);
                return t;
            });
            background.scheduleWithFixedDelay(this::syncQuietly, SYNC_PERIOD_MILLIS, SYNC_PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        } else {
            background = null;
        }
    }

    /** Starts building a service for {@code config}. */
    public static Builder builder(AuthConfig config) {
        return new Builder(config);
    }

    // --- SessionVerifier (tick thread: memory only) ------------------------------------------

    @Override
    public AuthResult authenticate(String token) {
        long now = clock.millis();
        TokenCodec.Outcome o = codec.verify(token, now);
        return switch (o) {
            case TokenCodec.Invalid(Reason reason, String detail) -> reject(reason, detail);
            case TokenCodec.Valid(TokenCodec.Claims c) -> admit(c, now);
        };
    }

    @Override
    public boolean isActive(Session session) {
        LiveSession s = sessions.get(session.sessionId());
        if (s == null) {
            metrics.reject(Reason.UNKNOWN_SESSION);
            return false;
        }
        long now = clock.millis();
        Reason r = check(s, now);
        if (r != null) {
            metrics.reject(r);
            return false;
        }
        touch(s, now);
        return true;
    }

    @Override
    public long revocations() {
        return revocations.get();
    }

    // --- issuing (HTTP workers: may block on the store) ---------------------------------------

    /**
     * Logs a player in: resolves the stable player id for {@code identity} (e.g.
     * {@code email:someone@example.org}), stores a new session and signs its token.
     */
    public IssueResult.Issued login(String identity, Set<String> roles) {
        long now = clock.millis();
        String playerId = store.playerIdFor(identity, () -> ulid.next(now), now);
        LiveSession s = newSession(playerId, roles, now);
        store.insert(s.toRecord(), now);
        sessions.put(s.session.sessionId(), s);
        metrics.increment(AuthMetrics.Event.ISSUED);
        return new IssueResult.Issued(sign(s), s.session);
    }

    /** Exchanges a live token for a new one (new {@code jti}, new expiry); the old one is revoked. */
    public IssueResult refresh(String token) {
        long now = clock.millis();
        AuthResult current = authenticate(token);
        if (current instanceof AuthResult.Rejected(Reason reason, String detail)) {
            return new IssueResult.Refused(reason, detail);
        }
        Session old = ((AuthResult.Accepted) current).session();
        LiveSession next = newSession(old.playerId(), old.roles(), now);
        if (!store.rotate(old.sessionId(), next.toRecord(), now)) {
            metrics.reject(Reason.REVOKED);
            return new IssueResult.Refused(Reason.REVOKED, "already refreshed or revoked");
        }
        markRevoked(old.sessionId(), now);
        sessions.put(next.session.sessionId(), next);
        metrics.increment(AuthMetrics.Event.REFRESHED);
        return new IssueResult.Issued(sign(next), next.session);
    }

    /** Revokes the session behind a token. @return the refusal if the token is not a live session */
    public AuthResult logout(String token) {
        AuthResult current = authenticate(token);
        if (current instanceof AuthResult.Accepted(Session s)) {
            revoke(s.sessionId());
        }
        return current;
    }

    /** Revokes a session by id (logout, operator action). @return whether it was live */
    public boolean revoke(String jti) {
        long now = clock.millis();
        boolean changed = store.revoke(jti, now);
        markRevoked(jti, now);
        if (changed) {
            metrics.increment(AuthMetrics.Event.REVOKED);
        }
        return changed;
    }

    /** Generates a new signing key; tokens signed by the previous one keep verifying until they expire. */
    public String rotateSigningKey() {
        return keys.rotate();
    }

    /** The counters. */
    public AuthMetrics metrics() {
        return metrics;
    }

    /** The configuration in effect. */
    public AuthConfig config() {
        return config;
    }

    /** The clock in effect. */
    InstantSource clock() {
        return clock;
    }

    /** New ULIDs from this service's random source. */
    Ulid ulid() {
        return ulid;
    }

    /** For tests: the token codec. */
    TokenCodec codec() {
        return codec;
    }

    /** For tests: the store. */
    JdbcSessionStore store() {
        return store;
    }

    /** The key ring. */
    public KeyRing keys() {
        return keys;
    }

    // --- background sync ----------------------------------------------------------------------

    /**
     * One background pass: store registered foreign sessions, write coalesced activity, pull
     * changes made elsewhere, reload keys and purge expired state now and then. Runs on the sync
     * thread; tests call it directly. @throws StoreException if the store fails
     */
    public void syncOnce() {
        synchronized (syncLock) {
            long now = clock.millis();
            flushPending(now);
            flushActivity(now, ACTIVITY_WRITE_MILLIS);
            // lastPoll advances only after a successful read, so an outage longer than the
            // overlap cannot make this node skip revocations.
            for (SessionRecord r : store.changedSince(lastPoll - POLL_OVERLAP_MILLIS)) {
                merge(r, now);
            }
            lastPoll = now;
            if (now - lastKeyReload >= KEY_RELOAD_MILLIS) {
                lastKeyReload = now;
                try {
                    keys.reload();
                } catch (KeyRing.KeyRingException e) {
                    LOG.warn("auth: key folder unusable, keeping the keys already loaded: {}", e.getMessage());
                }
            }
            if (now - lastPurge >= PURGE_MILLIS) {
                lastPurge = now;
                sessions.values().removeIf(s -> s.expiresAt + TokenCodec.CLOCK_SKEW_MILLIS < now);
                store.purgeExpired(now - Duration.ofHours(1).toMillis());
            }
            metrics.increment(AuthMetrics.Event.SYNC_RUN);
        }
    }

    /** Stops the background thread and writes all unwritten activity. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (background != null) {
            background.shutdown();
            try {
                background.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (syncLock) {
            long now = clock.millis();
            try {
                flushPending(now);
                flushActivity(now, 1);
            } catch (StoreException e) {
                LOG.warn("auth: final activity flush failed: {}", e.getMessage());
            }
            store.close();
        }
    }

    // --- internals ----------------------------------------------------------------------------

    private void syncQuietly() {
        try {
            syncOnce();
        } catch (RuntimeException e) {
            metrics.increment(AuthMetrics.Event.STORE_ERROR);
            LOG.warn("auth: background sync failed (will retry): {}", e.getMessage());
        }
    }

    private AuthResult admit(TokenCodec.Claims c, long now) {
        LiveSession s = sessions.get(c.jti());
        if (s == null) {
            // Issued by another node after our last sync (see the class comment).
            LiveSession fresh = new LiveSession(new Session(c.jti(), c.playerId(), c.roles(), c.expiresAtMilli()),
                    c.issuedAtMilli(), c.expiresAtMilli(), now, 0);
            s = sessions.putIfAbsent(c.jti(), fresh);
            if (s == null) {
                s = fresh;
                pendingInserts.add(fresh);
                metrics.increment(AuthMetrics.Event.FOREIGN_REGISTERED);
            }
        }
        Reason r = check(s, now);
        if (r != null) {
            return reject(r, switch (r) {
                case REVOKED -> "session was logged out, refreshed or revoked";
                case IDLE_TOO_LONG -> "session unused for longer than " + config.idleWindow();
                default -> "session expired";
            });
        }
        touch(s, now);
        metrics.increment(AuthMetrics.Event.ACCEPTED);
        return new AuthResult.Accepted(s.session);
    }

    /** The reason {@code s} is not usable at {@code now}, or null. Allocation-free. */
    private Reason check(LiveSession s, long now) {
        if (s.revokedAt != 0) {
            return Reason.REVOKED;
        }
        if (now >= s.expiresAt) {
            return Reason.EXPIRED;
        }
        if (now - s.lastActivity > idleMillis) {
            return Reason.IDLE_TOO_LONG;
        }
        return null;
    }

    private static void touch(LiveSession s, long now) {
        // Racing room loops may both write; either value is "now", so a lost update is harmless.
        if (now > s.lastActivity) {
            s.lastActivity = now;
        }
    }

    private AuthResult reject(Reason reason, String detail) {
        metrics.reject(reason);
        return new AuthResult.Rejected(reason, detail);
    }

    private LiveSession newSession(String playerId, Set<String> roles, long now) {
        long exp = now + config.tokenLife().toMillis();
        return new LiveSession(new Session(ulid.next(now), playerId, roles, exp), now, exp, now, 0);
    }

    private String sign(LiveSession s) {
        return codec.issue(new TokenCodec.Claims(s.session.sessionId(), s.session.playerId(), s.session.roles(),
                s.createdAt, s.expiresAt));
    }

    private void markRevoked(String jti, long now) {
        LiveSession s = sessions.get(jti);
        if (s != null && s.revokedAt == 0) {
            s.revokedAt = now;
            revocations.incrementAndGet();
        }
    }

    private void flushPending(long now) {
        LiveSession s;
        while ((s = pendingInserts.peek()) != null) {
            store.insert(s.toRecord(), now);
            pendingInserts.poll();
        }
    }

    private void flushActivity(long now, long minStep) {
        Map<String, Long> dirty = new HashMap<>();
        for (LiveSession s : sessions.values()) {
            long a = s.lastActivity;
            if (a - s.persistedActivity >= minStep && s.revokedAt == 0 && s.expiresAt > now) {
                dirty.put(s.session.sessionId(), a);
            }
        }
        if (dirty.isEmpty()) {
            return;
        }
        store.recordActivity(dirty, now);
        for (Map.Entry<String, Long> e : dirty.entrySet()) {
            LiveSession s = sessions.get(e.getKey());
            if (s != null) {
                s.persistedActivity = e.getValue();
            }
        }
    }

    private void merge(SessionRecord r, long now) {
        if (r.expiresAt() <= now) {
            return;
        }
        LiveSession s = sessions.get(r.jti());
        if (s == null) {
            sessions.putIfAbsent(r.jti(), LiveSession.of(r));
            return;
        }
        if (r.revoked() && s.revokedAt == 0) {
            s.revokedAt = r.revokedAt();
            revocations.incrementAndGet();
        }
        if (r.lastActivity() > s.lastActivity) {
            s.lastActivity = r.lastActivity();
        }
        if (r.lastActivity() > s.persistedActivity) {
            s.persistedActivity = r.lastActivity();
        }
    }

    /** Builds an {@link AuthService}. Defaults: system clock, a fresh {@link SecureRandom}, background sync on. */
    public static final class Builder {
        private final AuthConfig config;
        private InstantSource clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private boolean backgroundSync = true;
        private boolean generateKeys = true;

        private Builder(AuthConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The time source (tests move it by hand). Its {@code millis()} must not allocate. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The randomness for ids. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** Whether to start the sync thread (tests call {@link AuthService#syncOnce()} instead). */
        public Builder backgroundSync(boolean on) {
            this.backgroundSync = on;
            return this;
        }

        /** Whether to generate a key pair when the key folder is empty (false for verify-only nodes). */
        public Builder generateKeys(boolean on) {
            this.generateKeys = on;
            return this;
        }

        /**
         * Opens keys and store and loads the sessions.
         *
         * @throws StoreException if the store is unusable
         * @throws KeyRing.KeyRingException if the key folder is unusable
         */
        public AuthService build() {
            return new AuthService(this);
        }
    }
}
