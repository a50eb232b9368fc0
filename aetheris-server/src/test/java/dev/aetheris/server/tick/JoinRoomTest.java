package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code JoinRoom} after {@code Auth}: the room's gate decides; a refusal closes the connection;
 * in a matchmade room nobody plays without a granted seat.
 */
class JoinRoomTest {
    private final List<String> claims = new ArrayList<>();
    private final TickHarness h = new TickHarness((reservation, session) -> {
        claims.add(reservation + "@" + session.playerId());
        return reservation.equals("good") ? null : "expired";
    });

    @Test
    void anAcceptedSeatKeepsTheClientWhichThenStartsItsSession() {
        TickHarness.Player p = h.authenticated(false);
        p.send(new WireEvent.JoinRoom("good"), true);
        p.send(new WireEvent.StartSession(), true);
        h.ticks(1);
        assertThat(claims).containsExactly("good@player-1");
        assertThat(p.client.isConnected()).isTrue();
        assertThat(h.world.entityCount()).as("the session ship").isEqualTo(1);
    }

    @Test
    void aRefusedSeatClosesTheConnectionWithTheReasonAndLeavesNothingBehind() {
        TickHarness.Player p = h.authenticated(false);
        p.send(new WireEvent.JoinRoom("stale"), true);
        p.send(new WireEvent.StartSession(), true);
        h.ticks(2);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(p.client.closeReason()).isEqualTo("seat reservation refused: expired");
        assertThat(h.world.entityCount()).as("no ship for a refused client").isZero();
        assertThat(h.tick.authenticatedCount()).isZero();
    }

    @Test
    void joinRoomBeforeAuthIsUnprivilegedAndNeverReachesTheGate() {
        TickHarness.Player p = h.connect();
        p.send(new WireEvent.JoinRoom("good"), true);
        h.ticks(1);
        assertThat(claims).isEmpty();
        assertThat(h.metrics.unprivilegedPackets.get()).isEqualTo(1);
    }

    @Test
    void aLoopWithoutRoomsRefusesEveryReservation() {
        TickHarness plain = new TickHarness();
        TickHarness.Player p = plain.authenticated(false);
        p.send(new WireEvent.JoinRoom("good"), true);
        plain.ticks(1);
        assertThat(p.client.closeReason()).startsWith("seat reservation refused:");
    }

    /** A matchmade room's gate: only the reservation "good" is granted; missing seats are counted. */
    private final List<String> unseated = new ArrayList<>();
    /** The room's published player count as each claim is made (what the node's heartbeat may read next). */
    private final List<Double> countedAtClaim = new ArrayList<>();
    private final TickHarness matchmade = new TickHarness(new RoomGate() {
        @Override
        public String claim(String reservation, Session session) {
            countedAtClaim.add(JoinRoomTest.this.matchmade.metrics.authenticatedClients.get());
            return reservation.equals("good") ? null : "forged";
        }

        @Override
        public boolean seatRequired() {
            return true;
        }

        @Override
        public String unseated(Session session) {
            unseated.add(session.playerId());
            return "missing";
        }
    });

    private TickHarness.Player arrive(String token) {
        matchmade.sessions.issue(token, "player-" + token, false);
        return matchmade.connect();
    }

    @Test
    void inAMatchmadeRoomAReservationBehindTheAuthSeatsThePlayer() {
        TickHarness.Player p = arrive("t1");
        p.send(new WireEvent.Auth("t1"), true);
        p.send(new WireEvent.JoinRoom("good"), true);
        p.send(new WireEvent.StartSession(), true);
        matchmade.ticks(2);
        assertThat(p.client.isConnected()).isTrue();
        assertThat(matchmade.world.entityCount()).as("the session ship").isEqualTo(1);
        assertThat(unseated).isEmpty();
        // Counted before it claims, not only at the tick's end: the heartbeat that releases the
        // seat finds the player.
        assertThat(countedAtClaim).containsExactly(1.0);
    }

    @Test
    void inAMatchmadeRoomAnAuthWithoutJoinRoomIsRefusedAndCounted() {
        TickHarness.Player p = arrive("t2");
        p.send(new WireEvent.Auth("t2"), true);
        p.send(new WireEvent.StartSession(), true);
        matchmade.ticks(2);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(p.client.closeReason()).isEqualTo("seat reservation refused: missing");
        assertThat(matchmade.world.entityCount()).as("no ship without a seat").isZero();
        assertThat(unseated).containsExactly("player-t2");
    }

    @Test
    void aFailedAuthCannotShedTheReservationTheRoomWasChosenBy() {
        // The router picked this room by the JoinRoom behind a bad Auth; that JoinRoom is dropped
        // with the failed Auth, and a second, good Auth must not let the client play unseated.
        TickHarness.Player p = arrive("t3");
        p.send(new WireEvent.Auth("not-a-token"), true);
        p.send(new WireEvent.JoinRoom("good"), true);
        matchmade.ticks(1);
        assertThat(p.client.isConnected()).as("one failed Auth is not yet a close").isTrue();
        p.send(new WireEvent.Auth("t3"), true);
        p.send(new WireEvent.StartSession(), true);
        matchmade.ticks(2);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(p.client.closeReason()).isEqualTo("seat reservation refused: missing");
        assertThat(matchmade.world.entityCount()).isZero();
        assertThat(matchmade.tick.authenticatedCount()).isZero();
        assertThat(unseated).containsExactly("player-t3");
    }
}
