package dev.aetheris.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every directory database must do, run on SQLite and on PostgreSQL. */
abstract class DirectoryContract {
    static final long TTL = 5_000;
    static final long SEAT = 15_000;
    ClusterDirectory dir;
    private final AtomicInteger rooms = new AtomicInteger();

    abstract String freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        dir = ClusterDirectory.open(freshDatabase());
    }

    @AfterEach
    void close() {
        dir.close();
    }

    static NodeInfo node(String id, int players, long at) {
        return new NodeInfo(id, "ws://" + id + ":8080/ws", id + ":4433", 2, 2, players, false, at);
    }

    private Optional<Seat> reserve(long now, String nonce) {
        return dir.reserve("playground", now, TTL, SEAT, nonce, () -> "playground-" + rooms.incrementAndGet());
    }

    @Test
    void theSecretIsCreatedOnceAndSharedByEveryOpener() throws Exception {
        byte[] first = dir.secret();
        assertThat(first).hasSize(32);
        assertThat(dir.secret()).isEqualTo(first);
    }

    @Test
    void seatsFillARoomToCapacityThenANewRoomGoesToTheLeastLoadedNode() {
        dir.heartbeat(node("a", 5, 1_000), List.of(), List.of(), 30_000);
        dir.heartbeat(node("b", 0, 1_000), List.of(), List.of(), 30_000);
        Seat s1 = reserve(1_000, "n1").orElseThrow();
        assertThat(s1.node().nodeId()).as("least loaded").isEqualTo("b");
        assertThat(s1.expiresAt()).isEqualTo(1_000 + SEAT);
        Seat s2 = reserve(1_000, "n2").orElseThrow();
        assertThat(s2.room().roomId()).as("the room still had space").isEqualTo(s1.room().roomId());
        Seat s3 = reserve(1_000, "n3").orElseThrow();
        assertThat(s3.room().roomId()).as("capacity 2 reached").isNotEqualTo(s1.room().roomId());
        assertThat(dir.rooms(1_000, TTL)).extracting(RoomInfo::roomId)
                .containsExactlyInAnyOrder(s1.room().roomId(), s3.room().roomId());
    }

    @Test
    void expiredSeatsFreeTheirPlaceAndUsedOnesAreReleasedByTheHeartbeat() {
        dir.heartbeat(node("a", 0, 1_000), List.of(), List.of(), 30_000);
        Seat s1 = reserve(1_000, "n1").orElseThrow();
        reserve(1_000, "n2").orElseThrow();
        // Both seats used: the room reports 2 players, the seats are released.
        dir.heartbeat(node("a", 2, 2_000), List.of(new RoomInfo(s1.room().roomId(), "a", "playground", 2, 2)),
                List.of("n1", "n2"), 30_000);
        Seat s3 = reserve(2_000, "n3").orElseThrow();
        assertThat(s3.room().roomId()).isNotEqualTo(s1.room().roomId());
        // Held seats expire: the second room takes a seat again after the first one's deadline.
        reserve(2_000, "n4").orElseThrow();
        assertThat(reserve(2_000, "n5")).as("two rooms of two, all held").isEmpty();
        dir.heartbeat(node("a", 2, 2_000 + SEAT + 1), List.of(new RoomInfo(s1.room().roomId(), "a", "playground", 2, 2)),
                List.of(), 30_000);
        assertThat(reserve(2_000 + SEAT + 1, "n6")).map(s -> s.room().roomId()).contains(s3.room().roomId());
    }

    @Test
    void aSilentNodeAndItsRoomsVanishFromAnswersAtOnceAndArePrunedAfterTheTtl() {
        dir.heartbeat(node("a", 0, 1_000), List.of(new RoomInfo("r-a", "a", "playground", 1, 2)), List.of(), 30_000);
        dir.heartbeat(node("b", 0, 4_000), List.of(new RoomInfo("r-b", "b", "playground", 1, 2)), List.of(), 30_000);
        assertThat(dir.rooms(5_000, TTL)).extracting(RoomInfo::roomId).containsExactly("r-a", "r-b");
        assertThat(dir.rooms(6_001, TTL)).extracting(RoomInfo::roomId).containsExactly("r-b");
        assertThat(dir.nodes(6_001, TTL)).extracting(NodeInfo::nodeId).containsExactly("b");
        assertThat(dir.pruneDead(6_001, TTL)).isEqualTo(1);
        assertThat(dir.rooms(0, Long.MAX_VALUE / 2)).extracting(RoomInfo::roomId).containsExactly("r-b");
        Seat s = reserve(6_001, "n1").orElseThrow();
        assertThat(s.node().nodeId()).isEqualTo("b");
    }

    @Test
    void drainingNodesTakeNoSeatsAndALeavingNodeTakesItsRoomsWithIt() {
        NodeInfo draining = new NodeInfo("a", "ws://a/ws", "", 2, 2, 0, true, 1_000);
        dir.heartbeat(draining, List.of(new RoomInfo("r-a", "a", "playground", 0, 2)), List.of(), 30_000);
        assertThat(reserve(1_000, "n1")).isEmpty();
        dir.leave("a");
        assertThat(dir.rooms(1_000, TTL)).isEmpty();
        assertThat(dir.nodes(1_000, TTL)).isEmpty();
    }

    @Test
    void aDefaultRoomIsListedButNeverMatchmade() {
        dir.heartbeat(node("a", 0, 1_000), List.of(new RoomInfo("default-a", "a", "playground", 0, 2, false)),
                List.of(), 30_000);
        Seat s = reserve(1_000, "n1").orElseThrow();
        assertThat(s.room().roomId()).isNotEqualTo("default-a");
        assertThat(dir.rooms(1_000, TTL)).extracting(RoomInfo::matchable).containsExactlyInAnyOrder(false, true);
    }

    @Test
    void aRoomReservedButNeverJoinedIsForgottenByItsNode() {
        dir.heartbeat(node("a", 0, 1_000), List.of(), List.of(), 30_000);
        Seat s = reserve(1_000, "n1").orElseThrow();
        dir.heartbeat(node("a", 0, 20_000), List.of(), List.of(), 30_000);
        assertThat(dir.rooms(20_000, TTL)).extracting(RoomInfo::roomId).containsExactly(s.room().roomId());
        dir.heartbeat(node("a", 0, 31_001), List.of(), List.of(), 30_000);
        assertThat(dir.rooms(31_001, TTL)).isEmpty();
    }
}
