package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Fragmenter;
import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.server.tick.TickHarness.Player;
import dev.aetheris.testkit.InMemoryTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TickSchedulerTest {
    /** Everything within the default radius fits: tests about packing, not about the budget. */
    private static final TickConfig ROOMY = TickConfig.defaults("test").withReplication(300, 50_000_000);
    private final TickHarness h = new TickHarness();

    private static List<GameEvent> gameEvents(List<WireEvent> events) {
        List<GameEvent> out = new ArrayList<>();
        for (WireEvent e : events) {
            if (e instanceof WireEvent.GameEvent g) {
                out.add(g.event());
            }
        }
        return out;
    }

    @Test
    void unauthenticatedClientsMayOnlySendAuthAndKeepNoFragmentState() {
        Player p = h.connect();
        p.send(new WireEvent.Ping(1), false);
        p.send(new WireEvent.StartSession(), true);
        p.send(new WireEvent.StressTest(10, false), true);
        p.send(new WireEvent.Fragment(new FragmentedEvent(1, 0, 2, new byte[] {1, 2})), false);
        p.sendRaw(new byte[] {(byte) 0xc1, 0, 0}, false);
        h.ticks(1);
        assertThat(h.metrics.unprivilegedPackets.get()).isEqualTo(5);
        assertThat(h.tick.pendingFragments()).isZero();
        assertThat(h.world.entityCount()).isZero();
        assertThat(p.client.takeReliable()).isEmpty();
        assertThat(p.client.takeUnreliable()).as("no Pong, no state for the unauthenticated").isEmpty();
        assertThat(h.tick.authenticatedCount()).isZero();
        assertThat(h.metrics.packetsInbound.get()).isEqualTo(5);
    }

    @Test
    void badTokensAreCountedByReasonAndStayUnauthenticated() {
        Player p = h.connect();
        p.send(new WireEvent.Auth("forged"), true);
        h.ticks(1);
        assertThat(h.tick.authenticatedCount()).isZero();
        assertThat(h.metrics.authRejected[AuthResult.Reason.BAD_SIGNATURE.ordinal()].get()).isEqualTo(1);
        p.send(new WireEvent.Ping(5), false);
        h.ticks(1);
        assertThat(p.unreliable()).isEmpty();
        assertThat(p.reliable()).doesNotContain(new WireEvent.Pong(5));
    }

    @Test
    void pingIsAnsweredWithAReliablePongEchoingTheTick() {
        Player p = h.authenticated(false);
        p.sync();
        p.send(new WireEvent.Ping(4242), false);
        h.ticks(1);
        // Reliable, so the transport writes it ahead of the tick's state and never supersedes it.
        assertThat(p.reliable()).contains(new WireEvent.Pong(4242));
        assertThat(p.unreliable()).doesNotContain(new WireEvent.Pong(4242));
        assertThat(h.metrics.pingsReceived.get()).isEqualTo(1);
        assertThat(h.metrics.pongDispatchMs.count()).isEqualTo(1);
        assertThat(h.metrics.pingHoldMs.count()).isEqualTo(1);
    }

    @Test
    void startSessionSpawnsOneShipAndSendsPossessionReliably() {
        Player p = h.authenticated(false);
        p.send(new WireEvent.StartSession(), true);
        h.ticks(1);
        List<GameEvent> events = gameEvents(p.reliable());
        assertThat(events).hasSize(1).first().isInstanceOf(GameEvent.Possession.class);
        long ship = ((GameEvent.Possession) events.getFirst()).networkId();
        assertThat(h.world.isAlive(ship)).isTrue();
        assertThat(h.metrics.sessionStartLatency.count()).isEqualTo(1);

        p.send(new WireEvent.StartSession(), true);
        h.ticks(1);
        assertThat(gameEvents(p.reliable())).as("second StartSession ignored").isEmpty();
        assertThat(h.world.entityCount()).isEqualTo(1);
    }

    @Test
    void afterItsShipDiedANewStartSessionSpawnsAFreshShipWithANewId() {
        Player p = h.withShip(false);
        long first = p.ship;
        h.world.despawn(first);
        h.ticks(1);
        p.send(new WireEvent.StartSession(), true);
        h.ticks(1);
        List<GameEvent> events = gameEvents(p.reliable());
        assertThat(events).singleElement().isInstanceOf(GameEvent.Possession.class);
        long second = ((GameEvent.Possession) events.getFirst()).networkId();
        assertThat(second).isNotEqualTo(first);
        assertThat(h.world.isAlive(second)).isTrue();
    }

    @Test
    void clearWorldIsPrivilegedAckedReliablyAndNeverReusesIds() {
        Player admin = h.withShip(true);
        Player user = h.withShip(false);
        user.send(new WireEvent.ClearWorld(), true);
        h.ticks(1);
        assertThat(h.world.entityCount()).isEqualTo(2);
        assertThat(h.metrics.unprivilegedPackets.get()).isEqualTo(1);

        admin.sync();
        admin.send(new WireEvent.ClearWorld(), true);
        h.ticks(1);
        assertThat(h.world.entityCount()).isZero();
        assertThat(admin.reliable()).contains(new WireEvent.ClearWorld());
        admin.send(new WireEvent.StartSession(), true);
        user.send(new WireEvent.StartSession(), true);
        h.ticks(1);
        long newAdminShip = ((GameEvent.Possession) gameEvents(admin.reliable()).getFirst()).networkId();
        long newUserShip = ((GameEvent.Possession) gameEvents(user.reliable()).getFirst()).networkId();
        assertThat(newAdminShip).isNotIn(admin.ship, user.ship);
        assertThat(newUserShip).isNotIn(admin.ship, user.ship, newAdminShip);
    }

    @Test
    void stressTestIsPrivilegedAndCapped() {
        TickHarness small = new TickHarness(InMemoryTransport.Options.DEFAULT, 1500);
        Player user = small.authenticated(false);
        user.send(new WireEvent.StressTest(10, false), true);
        small.ticks(1);
        assertThat(small.world.entityCount()).isZero();
        Player admin = small.authenticated(true);
        admin.send(new WireEvent.StressTest(5000, true), true);
        small.ticks(1);
        assertThat(small.world.entityCount()).as("capped at 1000 per command").isEqualTo(1000);
        admin.send(new WireEvent.StressTest(1000, true), true);
        small.ticks(1);
        assertThat(small.world.entityCount()).as("world-wide cap").isEqualTo(1500);
    }

    @Test
    void playgroundSpawnsAreTrackedAndDespawnedWhenTheClientLeaves() {
        Player admin = h.withShip(true);
        Player other = h.withShip(false);
        admin.send(new WireEvent.Spawn(5, 10f, 20f, 0f), true);
        admin.send(new WireEvent.Spawn(10, 1f, 2f, 0f), true);
        other.send(new WireEvent.Spawn(5, 1f, 1f, 0f), true);
        h.ticks(1);
        assertThat(h.world.entityCount()).isEqualTo(4);
        assertThat(h.metrics.unprivilegedPackets.get()).isEqualTo(1);
        other.sync();
        admin.client.disconnect();
        h.ticks(1);
        assertThat(h.world.entityCount()).as("only the other client's ship remains").isEqualTo(1);
        assertThat(h.world.isAlive(other.ship)).isTrue();
        other.sync();
        assertThat(other.despawnedSeen).as("clients learn about despawns").hasSize(3).contains(admin.ship);
    }

    @Test
    void everyKindOfDisconnectCleansUpAndIsCounted() {
        Player a = h.withShip(false);
        Player b = h.withShip(false);
        Player c = h.withShip(false);
        Player d = h.withShip(false);
        a.client.disconnect();
        b.client.drop(DisconnectReason.SESSION_CLOSED);
        c.client.drop(DisconnectReason.STREAM_RESET);
        h.transport.disconnect(d.id(), "kicked by test");
        h.ticks(1);
        assertThat(h.world.entityCount()).isZero();
        assertThat(h.tick.clientCount()).isZero();
        assertThat(h.metrics.sessionClosedEvents.get()).isEqualTo(1);
        assertThat(h.metrics.streamResetEvents.get()).isEqualTo(1);
        assertThat(h.metrics.connectedClients.get()).isZero();
    }

    @Test
    void systemManifestShowsPrivilegedKeysOnlyToAdmins() {
        Player user = h.authenticated(false);
        Player admin = h.authenticated(true);
        user.send(new WireEvent.RequestSystemManifest(), true);
        admin.send(new WireEvent.RequestSystemManifest(), true);
        h.ticks(1);
        GameEvent.SystemManifest um = (GameEvent.SystemManifest) gameEvents(user.reliable()).getFirst();
        GameEvent.SystemManifest am = (GameEvent.SystemManifest) gameEvents(admin.reliable()).getFirst();
        // Everyone learns what bounds its view (the page draws the radius and shows the budget).
        assertThat(um.manifest()).containsOnlyKeys("version_server", "version_protocol", "interest_radius",
                "client_budget");
        assertThat(um.manifest()).containsEntry("interest_radius", Float.toString(TickConfig.DEFAULT_INTEREST_RADIUS))
                .containsEntry("client_budget", Integer.toString(TickConfig.DEFAULT_CLIENT_BUDGET));
        assertThat(am.manifest()).containsEntry("tick_rate", "60").containsEntry("clients_active", "2")
                .containsKeys("version_server", "version_protocol");
    }

    @Test
    void revokedSessionIsDroppedWithinASecondEvenWhenSilent() {
        Player p = h.withShip(false);
        h.sessions.revoke(p.token);
        h.ticks(60);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(h.world.isAlive(p.ship)).isFalse();
        assertThat(h.metrics.sessionsRevoked.get()).isEqualTo(1);
        assertThat(h.tick.authenticatedCount()).isZero();
    }

    @Test
    void revokedSessionIsDroppedOnItsNextMessage() {
        Player p = h.withShip(false);
        h.sessions.revoke(p.token);
        p.send(new WireEvent.Ping(1), false);
        h.ticks(1);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(h.world.isAlive(p.ship)).isFalse();
        assertThat(p.reliable()).doesNotContain(new WireEvent.Pong(1));
    }

    @Test
    void lateJoinersReceiveTheFullStateIncludingEntitiesAtRest() {
        Player admin = h.withShip(true);
        admin.send(new WireEvent.Spawn(5, 100f, 0f, 0f), true);
        admin.send(new WireEvent.Spawn(5, 200f, 0f, 0f), true);
        h.ticks(5); // the asteroids are at rest now: no more changes for them
        Player late = h.withShip(false);
        h.ticks(3); // entering entities share the client's budget, so they may take a few sends
        late.sync();
        assertThat(late.mirror.keySet()).contains(admin.ship, late.ship).hasSize(4);
        assertThat(late.mirror.values().stream().map(TickHarness::transformX).toList()).contains(100f, 200f);
    }

    @Test
    void stateGoesOnlyToClientsInTheSameRoomAndNoRoomEntitiesToEveryone() {
        long roomA = 7;
        long roomB = 8;
        Player a = h.withShip(false);
        Player b = h.withShip(false);
        Player none = h.withShip(false);
        Player stranger = h.connect();
        h.world.setClientRoom(a.id(), roomA);
        h.world.setEntityRoom(a.ship, roomA);
        h.world.setClientRoom(b.id(), roomB);
        h.world.setEntityRoom(b.ship, roomB);
        long inA = h.world.spawnMoving(0, 0, 1, 0, roomA);
        long inB = h.world.spawnMoving(0, 0, 1, 0, roomB);
        long shared = h.world.spawnMoving(0, 0, 1, 0, dev.aetheris.protocol.seam.WorldState.NO_ROOM);
        h.ticks(5);
        a.sync();
        b.sync();
        none.sync();
        // Ships of another room left each view when the rooms were set (EntityDespawned).
        assertThat(a.mirror.keySet()).containsExactlyInAnyOrder(a.ship, none.ship, inA, shared);
        assertThat(b.mirror.keySet()).containsExactlyInAnyOrder(b.ship, none.ship, inB, shared);
        assertThat(none.mirror.keySet()).containsExactlyInAnyOrder(none.ship, shared);
        assertThat(stranger.client.takeUnreliable()).isEmpty();
        assertThat(stranger.client.takeReliable()).isEmpty();
    }

    @Test
    void changesAreEncodedOncePackedUnder1200BytesAndSharedByTheRoom() {
        TickHarness wide = new TickHarness(InMemoryTransport.Options.DEFAULT, 100_000, ROOMY);
        Player a = wide.withShip(false);
        Player b = wide.withShip(false);
        for (int i = 0; i < 500; i++) {
            wide.world.spawnMoving(i * 0.5f, 0, 1, 0, dev.aetheris.protocol.seam.WorldState.NO_ROOM);
        }
        wide.ticks(4); // one round of enter scans
        a.sync();
        b.sync();
        wide.ticks(1);
        List<byte[]> da = a.client.takeUnreliable();
        List<byte[]> db = b.client.takeUnreliable();
        assertThat(da).hasSizeGreaterThan(1);
        int records = 0;
        for (int i = 0; i < da.size(); i++) {
            assertThat(da.get(i).length).isLessThanOrEqualTo(Sizes.MAX_SAFE_PAYLOAD_SIZE);
            assertThat(da.get(i)).isEqualTo(db.get(i));
            WireEvent e = wide.decode(da.get(i));
            assertThat(e).isInstanceOf(WireEvent.ReplicationBatch.class);
            records += ((WireEvent.ReplicationBatch) e).events().size();
        }
        assertThat(records).as("every moving entity's transform, none split").isEqualTo(500);
        assertThat(db).hasSameSizeAs(da);
    }

    @Test
    void aFullDatagramQueueDropsAndCountsWithoutBlocking() {
        TickHarness tight = new TickHarness(InMemoryTransport.Options.DEFAULT.withQueues(2, 4096), 100_000, ROOMY);
        Player p = tight.withShip(false);
        for (int i = 0; i < 300; i++) {
            tight.world.spawnMoving(i, 0, 1, 0, dev.aetheris.protocol.seam.WorldState.NO_ROOM);
        }
        tight.ticks(5);
        assertThat(tight.metrics.outboundDropped.get()).isPositive();
        assertThat(p.client.isConnected()).isTrue();
        assertThat(tight.tick.currentTick()).isEqualTo(7);
    }

    @Test
    void aClientWhoseReliableQueueOverflowsIsDisconnected() {
        TickHarness tight = new TickHarness(InMemoryTransport.Options.DEFAULT.withQueues(4096, 3), 100_000, ROOMY);
        Player slow = tight.withShip(false);
        Player admin = tight.authenticated(true);
        admin.send(new WireEvent.StressTest(50, false), true); // 50 spawn notices, reliably
        tight.ticks(3); // within one round of enter scans
        assertThat(slow.client.isConnected()).isFalse();
        assertThat(tight.metrics.reliableOverflowDisconnects.get()).isGreaterThanOrEqualTo(1);
        assertThat(tight.tick.currentTick()).isEqualTo(6);
    }

    @Test
    void aPollErrorSkipsTheTickAndIsCounted() {
        h.ticks(1);
        h.transport.failNextPolls(3);
        h.ticks(3);
        assertThat(h.metrics.ticksSkipped.get()).isEqualTo(3);
        assertThat(h.tick.currentTick()).as("skipped ticks are not finalized").isEqualTo(1);
        h.ticks(1);
        assertThat(h.tick.currentTick()).isEqualTo(2);
    }

    @Test
    void theWorldAdvancesExactlyWhenTheSchedulersTickDoesEvenAcrossFailedPolls() {
        h.ticks(2);
        assertThat(h.world.tick()).isEqualTo(h.tick.currentTick()).isEqualTo(2);
        h.transport.failNextPolls(3);
        h.ticks(3);
        assertThat(h.world.tick()).as("a skipped tick does not advance the world").isEqualTo(2);
        h.ticks(4);
        assertThat(h.world.tick()).isEqualTo(h.tick.currentTick()).isEqualTo(6);
    }

    @Test
    void repeatedInputsReachTheWorldOnceAndAreCountedAsReplays() {
        Player p = h.withShip(false);
        byte[] t1 = h.inputPayload(1, 1f, 0f);
        byte[] t2 = h.inputPayload(2, 0f, 1f);
        byte[] t3 = h.inputPayload(3, -1f, 0f);
        long ship = p.ship;
        int kind = Components.INPUT_COMMAND.kind();
        // Each packet repeats the inputs before it, as clients do so a lost packet loses nothing.
        p.send(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(ship, kind, t1, 1))), false);
        h.ticks(1);
        p.send(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(ship, kind, t1, 1),
                new ReplicationEvent(ship, kind, t2, 2))), false);
        h.ticks(1);
        p.send(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(ship, kind, t1, 1),
                new ReplicationEvent(ship, kind, t2, 2), new ReplicationEvent(ship, kind, t3, 3))), false);
        h.ticks(1);
        assertThat(h.world.appliedInputs()).extracting(in -> in.input().tick()).containsExactly(1L, 2L, 3L);
        assertThat(h.metrics.rejectedInputs.get()).as("the three repeats").isEqualTo(3);
        // An input the world refused is not remembered: the same bytes are tried again.
        Player q = h.withShip(false);
        byte[] notMine = h.inputPayload(9, 1f, 1f);
        p.send(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(q.ship, kind, notMine, 9))), false);
        p.send(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(q.ship, kind, notMine, 9))), false);
        h.ticks(1);
        assertThat(h.world.appliedInputs()).hasSize(3);
        assertThat(h.metrics.rejectedInputs.get()).isEqualTo(5);
    }

    @Test
    void onlyTheInputCommandIsAcceptedFromClientsAndOnlyForTheirShip() {
        Player p = h.withShip(false);
        Player q = h.withShip(false);
        p.sendRaw(h.inputFrame(p.ship, 10, 1f, 0f), false);
        h.ticks(1);
        assertThat(h.world.appliedInputs()).singleElement().satisfies(in -> {
            assertThat(in.clientId()).isEqualTo(p.id());
            assertThat(in.networkId()).isEqualTo(p.ship);
            assertThat(in.input().tick()).isEqualTo(10);
        });
        p.sendRaw(h.inputFrame(q.ship, 11, 1f, 0f), false);
        p.sendRaw(h.replicationFrame(p.ship, 1, 12, new byte[] {(byte) 0x95, 0, 0, 0, 0, 0}), false);
        p.send(new WireEvent.ReplicationBatch(List.of(
                new ReplicationEvent(p.ship, 2, new byte[] {(byte) 0x93, 0, 0, 0}, 12))), false);
        p.sendRaw(new byte[] {(byte) 0x93, 1}, false);
        h.ticks(1);
        assertThat(h.world.appliedInputs()).hasSize(1);
        assertThat(h.metrics.rejectedInputs.get()).isEqualTo(1);
        assertThat(h.metrics.rejectedComponentWrites.get()).isEqualTo(2);
        assertThat(h.metrics.decodeErrors.get()).isEqualTo(1);
    }

    @Test
    void aBatchOfRecentInputsIsAcceptedSoOneLostDatagramLosesNothing() {
        Player p = h.withShip(false);
        List<ReplicationEvent> recent = new ArrayList<>();
        for (long t = 20; t <= 22; t++) {
            WireEvent.ReplicationBatch one = (WireEvent.ReplicationBatch) h.decode(h.encode(
                    new WireEvent.ReplicationBatch(List.of())));
            assertThat(one.events()).isEmpty();
            byte[] frame = h.inputFrame(p.ship, t, 0.5f, 0f);
            dev.aetheris.protocol.event.ComponentUpdate u = decodeUpdate(frame);
            recent.add(new ReplicationEvent(u.networkId(), u.componentKind(), u.payload(), u.tick()));
        }
        p.send(new WireEvent.ReplicationBatch(recent), false);
        h.ticks(1);
        assertThat(h.world.appliedInputs()).extracting(in -> in.input().tick()).containsExactly(20L, 21L, 22L);
    }

    private dev.aetheris.protocol.event.ComponentUpdate decodeUpdate(byte[] frame) {
        try {
            return h.codec.decode(frame, 0, frame.length);
        } catch (dev.aetheris.protocol.error.CodecException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fragmentedMessagesFromAuthenticatedClientsAreReassembled() {
        Player p = h.authenticated(false);
        p.sync();
        byte[] ping = h.encode(new WireEvent.Ping(99));
        List<FragmentedEvent> parts = new ArrayList<>(new Fragmenter(3).split(5, ping, 0, ping.length));
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        Collections.shuffle(parts, new Random(1));
        for (FragmentedEvent f : parts) {
            p.send(new WireEvent.Fragment(f), false);
        }
        p.send(new WireEvent.Fragment(parts.getFirst()), false); // a late duplicate is not replayed
        h.ticks(1);
        assertThat(p.reliable().stream().filter(e -> e.equals(new WireEvent.Pong(99)))).hasSize(1);
        assertThat(h.tick.pendingFragments()).isZero();
    }

    @Test
    void garbageNeverBreaksTheLoop() {
        Player p = h.withShip(false);
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[r.nextInt(40)];
            r.nextBytes(junk);
            p.sendRaw(junk, r.nextBoolean());
        }
        h.ticks(2);
        assertThat(h.tick.currentTick()).isEqualTo(h.metrics.ticks.get());
        assertThat(p.client.isConnected()).isTrue();
        assertThat(h.metrics.decodeErrors.get()).isPositive();
        p.send(new WireEvent.Ping(3), false);
        h.ticks(1);
        assertThat(p.reliable()).contains(new WireEvent.Pong(3));
    }

    @Test
    void stateRateBelowTheTickRateSendsAccumulatedChangesEveryNthTick() {
        TickHarness slow = new TickHarness(InMemoryTransport.Options.DEFAULT, 1000,
                TickConfig.defaults("test").withStateRate(20));
        Player p = slow.withShip(false);
        long e = slow.world.spawnMoving(0, 0, 1, 0, dev.aetheris.protocol.seam.WorldState.NO_ROOM);
        slow.ticks(3); // its entry (reliable) goes out with the next state tick
        p.sync();
        int withState = 0;
        for (int i = 0; i < 30; i++) {
            slow.ticks(1);
            if (!p.client.takeUnreliable().isEmpty()) {
                withState++;
            }
        }
        assertThat(withState).as("20 Hz of 60 Hz over 30 ticks").isEqualTo(10);
        while (slow.tick.currentTick() % 3 != 0) {
            slow.ticks(1);
        }
        slow.ticks(1); // a state tick: it carries every move since the previous one
        p.sync();
        assertThat(TickHarness.transformX(p.mirror.get(e))).as("no movement lost between state ticks")
                .isEqualTo(slow.world.x(e));
    }

    @Test
    void connectionsBeyondMaxClientsAreRefused() {
        TickHarness two = new TickHarness(InMemoryTransport.Options.DEFAULT, 1000,
                TickConfig.defaults("test").withMaxClients(2));
        Player a = two.connect();
        Player b = two.connect();
        Player c = two.connect();
        two.ticks(1);
        assertThat(two.tick.clientCount()).isEqualTo(2);
        assertThat(c.client.isConnected()).isFalse();
        assertThat(c.client.closeReason()).contains("server full");
        assertThat(a.client.isConnected() && b.client.isConnected()).isTrue();
        assertThat(two.metrics.refusedConnections.get()).isEqualTo(1);
    }

    @Test
    void streamClientsGetOneFrameForTheTickWhileDatagramClientsGetDatagrams() {
        TickHarness wide = new TickHarness(InMemoryTransport.Options.DEFAULT, 100_000, ROOMY);
        Player datagrams = wide.withShip(false);
        Player stream = wide.new Player(wide.transport.connectStream());
        stream.token = "stream-token";
        wide.sessions.issue(stream.token, "stream-player", false);
        stream.send(new WireEvent.Auth(stream.token), true);
        wide.ticks(1);
        stream.send(new WireEvent.StartSession(), true);
        for (int i = 0; i < 500; i++) {
            wide.world.spawnMoving(i * 0.5f, 0, 1, 0, dev.aetheris.protocol.seam.WorldState.NO_ROOM);
        }
        wide.ticks(4); // one round of enter scans
        datagrams.sync();
        stream.sync();
        wide.ticks(1);
        List<byte[]> small = datagrams.client.takeUnreliable();
        List<byte[]> big = stream.client.takeUnreliable();
        assertThat(small).hasSizeGreaterThan(10).allSatisfy(d -> assertThat(d.length).isLessThanOrEqualTo(1200));
        assertThat(big).hasSize(1);
        assertThat(((WireEvent.ReplicationBatch) wide.decode(big.getFirst())).events()).hasSize(500);
        int smallBytes = small.stream().mapToInt(d -> d.length).sum();
        assertThat(big.getFirst().length).as("one header instead of one per datagram").isLessThan(smallBytes);
    }

    @Test
    void enteringARoomShowsWhatIsAlreadyAtRestThere() {
        Player p = h.withShip(false);
        long resting = h.world.spawnMoving(5, 5, 0, 0, 42);
        h.ticks(3);
        p.sync();
        assertThat(p.mirror).doesNotContainKey(resting);
        h.world.setClientRoom(p.id(), 42);
        h.ticks(1);
        p.sync();
        assertThat(p.mirror).containsKey(resting);
        assertThat(TickHarness.transformX(p.mirror.get(resting))).isEqualTo(5f);
    }

    @Test
    void onlyARecordTooLargeForADatagramIsFragmentedWithPerRecipientMessageIds() throws Exception {
        // The world adds, to its ordinary Transforms, one component of about 2 KB (an InputCommand
        // with 128 moves is the largest layout there is) on entity 777.
        dev.aetheris.protocol.seam.WorldState world = (dev.aetheris.protocol.seam.WorldState)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {dev.aetheris.protocol.seam.WorldState.class}, (proxy, method, args) -> {
                            Object r = method.invoke(h.world, args);
                            if (method.getName().equals("extractChanges")) {
                                dev.aetheris.protocol.seam.ReplicationSink sink = (dev.aetheris.protocol.seam.ReplicationSink) args[0];
                                dev.aetheris.protocol.component.ComponentWriter w =
                                        sink.component(777, dev.aetheris.protocol.component.Components.INPUT_COMMAND);
                                w.uint(1).sequence(128);
                                for (int i = 0; i < 128; i++) {
                                    w.variant(dev.aetheris.protocol.component.Components.INPUT_MOVE).f32(0.5f).f32(-0.5f);
                                }
                                w.uint(0).none().end();
                            }
                            return r;
                        });
        TickScheduler tick = new TickScheduler(TickConfig.defaults("test"), h.transport, world, h.codec, h.sessions,
                h.clock, h.metrics);
        dev.aetheris.testkit.ScriptedClient a = h.transport.connect();
        dev.aetheris.testkit.ScriptedClient b = h.transport.connect();
        h.sessions.issue("ta", "pa", false);
        h.sessions.issue("tb", "pb", false);
        a.sendReliable(h.encode(new WireEvent.Auth("ta")));
        b.sendReliable(h.encode(new WireEvent.Auth("tb")));
        h.world.spawnMoving(1, 1, 1, 0, dev.aetheris.protocol.seam.WorldState.NO_ROOM);
        tick.tick();
        a.takeUnreliable();
        b.takeUnreliable();
        tick.tick();
        for (dev.aetheris.testkit.ScriptedClient c : List.of(a, b)) {
            List<WireEvent> got = new ArrayList<>();
            for (byte[] d : c.takeUnreliable()) {
                assertThat(d.length).isLessThanOrEqualTo(Sizes.MAX_SAFE_PAYLOAD_SIZE);
                got.add(h.decode(d));
            }
            List<WireEvent.Fragment> fragments = got.stream().filter(e -> e instanceof WireEvent.Fragment)
                    .map(e -> (WireEvent.Fragment) e).toList();
            assertThat(fragments).as("only the big record is fragmented").hasSize(2);
            assertThat(got.stream().filter(e -> e instanceof WireEvent.ReplicationBatch)).as("the Transform is not")
                    .hasSize(1);
            Reassembler r = new Reassembler();
            byte[] whole = null;
            for (WireEvent.Fragment f : fragments) {
                whole = r.ingest(1, f.fragment());
            }
            WireEvent.ReplicationBatch batch = (WireEvent.ReplicationBatch) h.decode(whole);
            assertThat(batch.events()).singleElement().satisfies(e -> {
                assertThat(e.networkId()).isEqualTo(777);
                assertThat(e.payload().length).isGreaterThan(2000);
            });
            assertThat(fragments.getFirst().fragment().messageId()).as("per-recipient ids start at 1").isEqualTo(1);
        }
        assertThat(h.metrics.fragmentsSent.get()).isEqualTo(4);
    }
}
