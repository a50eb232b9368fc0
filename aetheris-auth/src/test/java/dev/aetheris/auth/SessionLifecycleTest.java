package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.AuthResult.Reason;
import dev.aetheris.protocol.seam.Session;
import dev.aetheris.protocol.seam.SessionVerifier;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refresh, logout, the idle window, restart survival and the tick's view through the seam. */
class SessionLifecycleTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();

    private AuthService open(Path data) {
        return AuthService.builder(AuthConfig.of(data, true, null)).clock(clock).backgroundSync(false).build();
    }

    private static Session accepted(AuthResult r) {
        assertThat(r).isInstanceOf(AuthResult.Accepted.class);
        return ((AuthResult.Accepted) r).session();
    }

    @Test
    void refreshRotatesTheJtiAndRevokesTheOldOne() {
        try (AuthService auth = open(dir)) {
            IssueResult.Issued first = auth.login("dev:ann", Set.of(Session.ADMIN));
            clock.advance(Duration.ofMinutes(10));
            IssueResult r = auth.refresh(first.token());
            assertThat(r).isInstanceOf(IssueResult.Issued.class);
            IssueResult.Issued second = (IssueResult.Issued) r;
            assertThat(second.session().sessionId()).isNotEqualTo(first.session().sessionId());
            assertThat(second.session().playerId()).isEqualTo(first.session().playerId());
            assertThat(second.session().roles()).containsExactly(Session.ADMIN);
            assertThat(second.session().expiresAtEpochMilli())
                    .isEqualTo(first.session().expiresAtEpochMilli() + Duration.ofMinutes(10).toMillis());

            assertThat(((AuthResult.Rejected) auth.authenticate(first.token())).reason()).isEqualTo(Reason.REVOKED);
            assertThat(auth.isActive(first.session())).isFalse();
            assertThat(accepted(auth.authenticate(second.token()))).isEqualTo(second.session());
            // The old token cannot be refreshed a second time.
            assertThat(auth.refresh(first.token())).isInstanceOf(IssueResult.Refused.class);
            assertThat(auth.metrics().count(AuthMetrics.Event.REFRESHED)).isEqualTo(1);
        }
    }

    @Test
    void logoutIsSeenThroughTheSessionSeamAtOnce() {
        try (AuthService auth = open(dir)) {
            SessionVerifier tick = auth;
            String token = auth.login("dev:ann", Set.of()).token();
            Session s = accepted(tick.authenticate(token));
            assertThat(tick.isActive(s)).isTrue();
            assertThat(auth.logout(token)).isInstanceOf(AuthResult.Accepted.class);
            assertThat(tick.isActive(s)).isFalse();
            assertThat(auth.metrics().rejections(Reason.REVOKED)).isEqualTo(1);
            // Logging out twice is refused as revoked.
            assertThat(auth.logout(token)).isInstanceOf(AuthResult.Rejected.class);
        }
    }

    @Test
    void isActiveSlidesTheIdleWindowAndHonoursTheAbsoluteExpiry() {
        try (AuthService auth = open(dir)) {
            Session s = auth.login("dev:ann", Set.of()).session();
            for (int i = 0; i < 23; i++) {
                clock.advance(Duration.ofMinutes(59));
                assertThat(auth.isActive(s)).as("after %d x 59 min of activity", i + 1).isTrue();
            }
            clock.advance(Duration.ofMinutes(60 + 23));
            assertThat(auth.isActive(s)).isFalse();
            assertThat(auth.metrics().rejections(Reason.EXPIRED)).isEqualTo(1);

            Session idle = auth.login("dev:bob", Set.of()).session();
            clock.advance(Duration.ofMinutes(61));
            assertThat(auth.isActive(idle)).isFalse();
            assertThat(auth.metrics().rejections(Reason.IDLE_TOO_LONG)).isEqualTo(1);

            Session unknown = new Session("01ARZ3NDEKTSV4RRFFQ69G5FAV", "x", Set.of(), Long.MAX_VALUE);
            assertThat(auth.isActive(unknown)).isFalse();
            assertThat(auth.metrics().rejections(Reason.UNKNOWN_SESSION)).isEqualTo(1);
        }
    }

    @Test
    void sessionsRevocationsAndActivitySurviveARestartOnTheSameSqliteFile() {
        String live;
        String loggedOut;
        String refreshedAway;
        String idle;
        Session liveSession;
        try (AuthService auth = open(dir)) {
            live = auth.login("dev:ann", Set.of(Session.ADMIN)).token();
            loggedOut = auth.login("dev:bob", Set.of()).token();
            refreshedAway = auth.login("dev:cy", Set.of()).token();
            idle = auth.login("dev:di", Set.of()).token();
            liveSession = accepted(auth.authenticate(live));
            auth.logout(loggedOut);
            auth.refresh(refreshedAway);
            clock.advance(Duration.ofMinutes(50));
            assertThat(auth.isActive(liveSession)).isTrue(); // activity at +50 min, written on close
        }
        clock.advance(Duration.ofMinutes(30)); // +80 min: 'idle' was last used 80 min ago, 'live' 30 min ago
        try (AuthService auth = open(dir)) {
            assertThat(accepted(auth.authenticate(live))).isEqualTo(liveSession);
            assertThat(auth.isActive(liveSession)).isTrue();
            assertThat(((AuthResult.Rejected) auth.authenticate(loggedOut)).reason()).isEqualTo(Reason.REVOKED);
            assertThat(((AuthResult.Rejected) auth.authenticate(refreshedAway)).reason()).isEqualTo(Reason.REVOKED);
            assertThat(((AuthResult.Rejected) auth.authenticate(idle)).reason()).isEqualTo(Reason.IDLE_TOO_LONG);
            // The same player keeps the same id across restarts.
            assertThat(auth.login("dev:ann", Set.of()).session().playerId()).isEqualTo(liveSession.playerId());
        }
    }

    @Test
    void activityIsCoalescedOffTheTickThreadAndWrittenBySync() {
        try (AuthService auth = open(dir)) {
            Session s = auth.login("dev:ann", Set.of()).session();
            long issued = clock.millis();
            clock.advance(Duration.ofSeconds(10));
            auth.isActive(s);
            auth.syncOnce();
            // Less than the write step: nothing written yet.
            assertThat(auth.store().find(s.sessionId()).orElseThrow().lastActivity()).isEqualTo(issued);
            clock.advance(Duration.ofSeconds(25));
            auth.isActive(s);
            auth.syncOnce();
            assertThat(auth.store().find(s.sessionId()).orElseThrow().lastActivity()).isEqualTo(issued + 35_000);
        }
    }

    @Test
    void aRevocationMadeByAnotherNodeReachesTheTickOnTheNextSync() {
        AuthConfig shared = AuthConfig.of(dir.resolve("a"), true, null)
                .withJdbcUrl("jdbc:sqlite:" + dir.resolve("shared.db")).withKeyDir(dir.resolve("keys"));
        try (AuthService a = AuthService.builder(shared).clock(clock).backgroundSync(false).build();
             AuthService b = AuthService.builder(shared).clock(clock).backgroundSync(false).build()) {
            IssueResult.Issued issued = a.login("email:ann@example.org", Set.of());
            // b has never seen this session: the token verifies, so b accepts and registers it.
            Session onB = accepted(b.authenticate(issued.token()));
            assertThat(b.metrics().count(AuthMetrics.Event.FOREIGN_REGISTERED)).isEqualTo(1);
            assertThat(b.isActive(onB)).isTrue();
            b.syncOnce();

            long seenByA = a.revocations();
            long seenByB = b.revocations();
            a.logout(issued.token());
            assertThat(a.revocations()).as("the local tick is told at once").isNotEqualTo(seenByA);
            assertThat(b.isActive(onB)).isTrue(); // not synced yet
            assertThat(b.revocations()).isEqualTo(seenByB);
            b.syncOnce();
            assertThat(b.revocations()).as("the remote tick is told on the sync that brings it").isNotEqualTo(seenByB);
            assertThat(b.isActive(onB)).isFalse();
            assertThat(((AuthResult.Rejected) b.authenticate(issued.token())).reason()).isEqualTo(Reason.REVOKED);
        }
    }

    @Test
    void theBackgroundThreadPicksUpRemoteRevocationsByItself() throws Exception {
        assertThat(AuthService.SYNC_PERIOD_MILLIS).isLessThan(1000);
        AuthConfig shared = AuthConfig.of(dir, true, null).withJdbcUrl("jdbc:sqlite:" + dir.resolve("shared.db"));
        try (AuthService a = AuthService.builder(shared).clock(clock).backgroundSync(false).build();
             AuthService b = AuthService.builder(shared).clock(clock).build()) {
            IssueResult.Issued issued = a.login("dev:ann", Set.of());
            Session s = accepted(b.authenticate(issued.token()));
            a.revoke(s.sessionId());
            // Bounded wait for the background pass; no assertion on how long it took.
            for (int i = 0; i < 200 && b.isActive(s); i++) {
                Thread.sleep(50);
            }
            assertThat(b.isActive(s)).isFalse();
            assertThat(b.metrics().count(AuthMetrics.Event.SYNC_RUN)).isPositive();
        }
    }

    @Test
    void isActiveAllocatesNothing() {
        try (AuthService auth = open(dir)) {
            Session s = auth.login("dev:ann", Set.of()).session();
            Session revoked = auth.login("dev:bob", Set.of()).session();
            auth.revoke(revoked.sessionId());
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            boolean sink = false;
            for (int i = 0; i < 50_000; i++) {
                sink ^= auth.isActive(s) ^ auth.isActive(revoked);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                sink ^= auth.isActive(s);
                sink ^= auth.isActive(revoked);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertThat(sink).isFalse(); // 20,000 alternating results cancel out; keeps the calls alive
            // 20,000 calls: even 1 byte per call would show as 20 KB.
            assertThat(allocated).isLessThan(1024);
        }
    }
}
