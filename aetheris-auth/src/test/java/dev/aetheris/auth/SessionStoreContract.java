package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.AuthResult.Reason;
import dev.aetheris.protocol.seam.Session;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every session store must do, run against each database (SQLite file, real PostgreSQL).
 * Subclasses provide a fresh, empty database per test.
 */
abstract class SessionStoreContract {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock();
    private final Ulid ulid = new Ulid(new SecureRandom());

    /** A JDBC URL of an empty database for this test. */
    abstract String freshDatabase() throws Exception;

    private SessionRecord record(String player, long now) {
        return new SessionRecord(ulid.next(now), player, Set.of("admin", "tester"), now, now + 86_400_000, now, 0);
    }

    @Test
    void migrationsApplyOnceAndReopenIsIdempotent() throws Exception {
        String url = freshDatabase();
        try (JdbcSessionStore s = JdbcSessionStore.open(url)) {
            assertThat(s.schemaVersion()).isEqualTo(JdbcSessionStore.MIGRATIONS.getLast().version());
        }
        try (JdbcSessionStore s = JdbcSessionStore.open(url)) {
            assertThat(s.schemaVersion()).isEqualTo(2);
        }
    }

    @Test
    void storesAndFindsSessionsWithoutOverwriting() throws Exception {
        try (JdbcSessionStore s = JdbcSessionStore.open(freshDatabase())) {
            long now = clock.millis();
            SessionRecord r = record("p1", now);
            s.insert(r, now);
            assertThat(s.find(r.jti())).contains(r);
            s.insert(new SessionRecord(r.jti(), "intruder", Set.of(), now, now + 1, now, 0), now);
            assertThat(s.find(r.jti()).orElseThrow().playerId()).isEqualTo("p1");
            assertThat(s.find("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isEmpty();
            SessionRecord noRoles = new SessionRecord(ulid.next(now), "p2", Set.of(), now, now + 10, now, 0);
            s.insert(noRoles, now);
            assertThat(s.find(noRoles.jti()).orElseThrow().roles()).isEmpty();
        }
    }

    @Test
    void revokeAndRotateAreOneShot() throws Exception {
        try (JdbcSessionStore s = JdbcSessionStore.open(freshDatabase())) {
            long now = clock.millis();
            SessionRecord a = record("p1", now);
            s.insert(a, now);
            SessionRecord b = record("p1", now + 1);
            assertThat(s.rotate(a.jti(), b, now + 1)).isTrue();
            assertThat(s.find(a.jti()).orElseThrow().revokedAt()).isEqualTo(now + 1);
            assertThat(s.find(b.jti())).isPresent();
            SessionRecord c = record("p1", now + 2);
            assertThat(s.rotate(a.jti(), c, now + 2)).isFalse();
            assertThat(s.find(c.jti())).isEmpty();
            assertThat(s.revoke(b.jti(), now + 3)).isTrue();
            assertThat(s.revoke(b.jti(), now + 4)).isFalse();
            assertThat(s.find(b.jti()).orElseThrow().revokedAt()).isEqualTo(now + 3);
        }
    }

    @Test
    void activityNeverMovesBackwardsAndChangesArePolled() throws Exception {
        try (JdbcSessionStore s = JdbcSessionStore.open(freshDatabase())) {
            long now = clock.millis();
            SessionRecord a = record("p1", now);
            SessionRecord b = record("p2", now);
            s.insert(a, now);
            s.insert(b, now);
            s.recordActivity(Map.of(a.jti(), now + 5000), now + 6000);
            s.recordActivity(Map.of(a.jti(), now + 1000), now + 7000);
            assertThat(s.find(a.jti()).orElseThrow().lastActivity()).isEqualTo(now + 5000);
            assertThat(s.changedSince(now + 6000)).extracting(SessionRecord::jti).containsExactly(a.jti());
            s.revoke(b.jti(), now + 8000);
            assertThat(s.changedSince(now + 7000)).extracting(SessionRecord::jti).containsExactly(b.jti());
            assertThat(s.changedSince(now)).hasSize(2);
        }
    }

    @Test
    void loadsUnexpiredAndPurgesExpired() throws Exception {
        try (JdbcSessionStore s = JdbcSessionStore.open(freshDatabase())) {
            long now = clock.millis();
            SessionRecord old = new SessionRecord(ulid.next(now), "p", Set.of(), now - 10, now - 1, now - 10, 0);
            SessionRecord live = record("p", now);
            SessionRecord revoked = record("q", now);
            s.insert(old, now);
            s.insert(live, now);
            s.insert(revoked, now);
            s.revoke(revoked.jti(), now);
            List<SessionRecord> loaded = s.loadUnexpired(now);
            assertThat(loaded).extracting(SessionRecord::jti).containsExactlyInAnyOrder(live.jti(), revoked.jti());
            assertThat(loaded).filteredOn(SessionRecord::revoked).hasSize(1);
            assertThat(s.purgeExpired(now)).isEqualTo(1);
            assertThat(s.find(old.jti())).isEmpty();
        }
    }

    @Test
    void playerIdsAreStablePerIdentity() throws Exception {
        String url = freshDatabase();
        AtomicInteger minted = new AtomicInteger();
        String first;
        try (JdbcSessionStore s = JdbcSessionStore.open(url)) {
            first = s.playerIdFor("email:ann@example.org", () -> "P" + minted.incrementAndGet(), 1);
            assertThat(s.playerIdFor("email:ann@example.org", () -> "P" + minted.incrementAndGet(), 2)).isEqualTo(first);
            assertThat(s.playerIdFor("email:bob@example.org", () -> "P" + minted.incrementAndGet(), 3))
                    .isNotEqualTo(first);
        }
        try (JdbcSessionStore s = JdbcSessionStore.open(url)) {
            assertThat(s.playerIdFor("email:ann@example.org", () -> "P" + minted.incrementAndGet(), 4)).isEqualTo(first);
        }
        assertThat(minted.get()).isEqualTo(2);
    }

    @Test
    void twoNodesOnOneStoreShareSessionsAndRevocations() throws Exception {
        String url = freshDatabase();
        AuthConfig cfg = AuthConfig.of(dir.resolve("node"), true, null).withJdbcUrl(url);
        try (AuthService a = AuthService.builder(cfg).clock(clock).backgroundSync(false).build();
             AuthService b = AuthService.builder(cfg).clock(clock).backgroundSync(false).build()) {
            IssueResult.Issued t1 = a.login("email:ann@example.org", Set.of(Session.ADMIN));
            b.syncOnce(); // b learns the session from the store
            AuthResult onB = b.authenticate(t1.token());
            assertThat(onB).isInstanceOf(AuthResult.Accepted.class);
            assertThat(b.metrics().count(AuthMetrics.Event.FOREIGN_REGISTERED)).isZero();
            Session s = ((AuthResult.Accepted) onB).session();
            assertThat(s.isAdmin()).isTrue();

            a.logout(t1.token());
            b.syncOnce();
            assertThat(b.isActive(s)).isFalse();
            assertThat(((AuthResult.Rejected) b.authenticate(t1.token())).reason()).isEqualTo(Reason.REVOKED);

            // A token b sees before any sync is accepted and written back by b's next sync.
            IssueResult.Issued t2 = a.login("email:bob@example.org", Set.of());
            assertThat(b.authenticate(t2.token())).isInstanceOf(AuthResult.Accepted.class);
            b.syncOnce();
            assertThat(b.store().find(t2.session().sessionId())).isPresent();
        }
        // Restart survival on this database.
        try (AuthService c = AuthService.builder(cfg).clock(clock).backgroundSync(false).build()) {
            assertThat(c.store().loadUnexpired(clock.millis())).hasSize(2);
        }
    }
}
