package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.server.tick.TickHarness.Player;
import org.junit.jupiter.api.Test;

/** The Auth gate and session revocation, tick by tick on a manual clock. */
class AuthGateTest {
    private final TickHarness h = new TickHarness();

    @Test
    void aLogoutOnThisNodeDropsTheLiveConnectionOnTheNextTick() {
        Player p = h.withShip(false);
        Player other = h.withShip(false);
        assertThat(h.tick.currentTick() % 60).as("not a periodic re-validation tick").isNotZero();
        h.sessions.revoke(p.token); // what AuthService.logout does, on an HTTP worker
        h.ticks(1);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(p.client.closeReason()).isEqualTo("session revoked or expired");
        assertThat(h.world.isAlive(p.ship)).isFalse();
        assertThat(other.client.isConnected()).isTrue();
        assertThat(h.metrics.sessionsRevoked.get()).isEqualTo(1);
    }

    @Test
    void aConnectionHasOneAuthInFlightAndIsClosedAfterThreeFailures() {
        Player flooder = h.connect();
        for (int i = 0; i < 10; i++) {
            flooder.send(new WireEvent.Auth("forged-" + i), true);
        }
        h.ticks(1);
        assertThat(h.metrics.authDroppedInFlight.get()).as("nine arrived while the first was checked").isEqualTo(9);
        assertThat(h.metrics.authRejected[AuthResult.Reason.BAD_SIGNATURE.ordinal()].get()).isEqualTo(1);
        assertThat(flooder.client.isConnected()).isTrue();
        flooder.send(new WireEvent.Auth("forged-a"), true);
        h.ticks(1);
        assertThat(flooder.client.isConnected()).isTrue();
        flooder.send(new WireEvent.Auth("forged-b"), true);
        h.ticks(1);
        assertThat(flooder.client.isConnected()).isFalse();
        assertThat(flooder.client.closeReason()).isEqualTo("too many failed Auth attempts");
        assertThat(h.metrics.authFailureCloses.get()).isEqualTo(1);
        assertThat(h.metrics.authRejected[AuthResult.Reason.BAD_SIGNATURE.ordinal()].get()).isEqualTo(3);
        assertThat(h.tick.clientCount()).isZero();
    }

    @Test
    void messagesSentRightAfterAuthWaitForItAndAreAppliedOnceItIsAccepted() {
        Player p = h.connect();
        p.token = "token-held";
        h.sessions.issue(p.token, "player-held", false);
        p.send(new WireEvent.Auth(p.token), true);
        p.send(new WireEvent.StartSession(), true);
        p.send(new WireEvent.Ping(7), false);
        h.ticks(1);
        assertThat(h.tick.authenticatedCount()).isEqualTo(1);
        var reliable = p.reliable();
        assertThat(reliable).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(WireEvent.GameEvent.class,
                g -> assertThat(g.event()).isInstanceOf(GameEvent.Possession.class)));
        assertThat(reliable).contains(new WireEvent.Pong(7));
        assertThat(h.metrics.unprivilegedPackets.get()).isZero();
    }

    @Test
    void manyAuthsInOneTickAreCheckedWithinTheBudgetAndTheRestWaitTheirTurn() {
        int n = TickScheduler.INLINE_AUTH_BUDGET * 2 + 3;
        Player[] players = new Player[n];
        for (int i = 0; i < n; i++) {
            players[i] = h.connect();
            players[i].token = "token-many-" + i;
            h.sessions.issue(players[i].token, "player-many-" + i, false);
            players[i].send(new WireEvent.Auth(players[i].token), true);
        }
        h.ticks(1);
        assertThat(h.tick.authenticatedCount()).isEqualTo(TickScheduler.INLINE_AUTH_BUDGET);
        h.ticks(2);
        assertThat(h.tick.authenticatedCount()).as("none lost, in arrival order").isEqualTo(n);
        assertThat(h.metrics.authVerifierHighWater.get()).isLessThanOrEqualTo(TickScheduler.INLINE_AUTH_BUDGET);
    }
}
