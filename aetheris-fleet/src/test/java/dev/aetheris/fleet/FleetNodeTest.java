package dev.aetheris.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat never lets the directory lose sight of a used seat before its player is counted. */
class FleetNodeTest {
    private static final FleetConfig CONFIG = new FleetConfig("a", "ws://a:8080/ws", "", 3, 2, 1_000, 5_000, 15_000);
    @TempDir
    Path tmp;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final AtomicInteger players = new AtomicInteger();
    private ClusterDirectory dir;
    private SeatGate gate;
    private Matchmaker matchmaker;
    private String roomId;
    private String url;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + tmp.resolve("fleet.db");
        dir = ClusterDirectory.open(url);
        SeatTokens tokens = new SeatTokens(dir.secret());
        gate = new SeatGate(tokens, "a", clock);
        matchmaker = new Matchmaker(dir, tokens, CONFIG, java.util.Set.of("playground"), () -> false, clock);
    }

    @AfterEach
    void close() {
        dir.close();
    }

    private FleetNode node() {
        return new FleetNode(dir, gate, CONFIG, new LocalRooms() {
            @Override
            public List<RoomInfo> snapshot() {
                return roomId == null ? List.of() : List.of(new RoomInfo(roomId, "a", "playground", players.get(), 2));
            }

            @Override
            public boolean draining() {
                return false;
            }
        }, clock);
    }

    private Matchmaker.Result.Matched match(String player) {
        return (Matchmaker.Result.Matched) matchmaker.match("playground", player);
    }

    @Test
    void aUsedSeatIsReleasedByTheBeatThatCountsItsPlayerNeverLeftUncounted() throws Exception {
        FleetNode node = node();
        node.beat();
        Matchmaker.Result.Matched first = match("p1");
        roomId = first.seat().room().roomId();
        Matchmaker.Result.Matched second = match("p2");
        assertThat(second.seat().room().roomId()).isEqualTo(roomId);
        // p1 joins: its room counts it on admission, before its claim (as a room loop does).
        players.set(1);
        assertThat(gate.claim(first.reservation(), roomId, "p1")).isNull();
        node.beat();
        assertThat(heldSeats()).as("p1's seat released as its player is counted; p2's still held").isEqualTo(1);
        Matchmaker.Result.Matched third = match("p3");
        assertThat(third.seat().room().roomId()).as("the room is full: one player seated, one seat held")
                .isNotEqualTo(roomId);
        // p2 admitted but its claim not yet made when the node beats: counted and held for one beat.
        players.set(2);
        node.beat();
        assertThat(heldSeats()).as("p2's and p3's").isEqualTo(2);
        assertThat(gate.claim(second.reservation(), roomId, "p2")).isNull();
        node.beat();
        assertThat(heldSeats()).as("p3's").isEqualTo(1);
    }

    @Test
    void aSeatUsedDuringAFailedBeatIsReleasedByTheNextOne() throws Exception {
        FleetNode node = node();
        node.beat();
        Matchmaker.Result.Matched first = match("p1");
        roomId = first.seat().room().roomId();
        players.set(1);
        assertThat(gate.claim(first.reservation(), roomId, "p1")).isNull();
        dir.close();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("ALTER TABLE fleet_seats RENAME TO fleet_seats_away");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(node::beat).isInstanceOf(FleetStoreException.class);
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("ALTER TABLE fleet_seats_away RENAME TO fleet_seats");
        }
        assertThat(heldSeats()).as("nothing released by the failed beat").isEqualTo(1);
        node.beat();
        assertThat(heldSeats()).isZero();
    }

    @Test
    void aDrainIsInTheDirectoryBeforeItReturns() {
        FleetNode node = node();
        node.beat();
        roomId = match("p1").seat().room().roomId();
        node.beat();
        node.drain();
        // This matchmaker's own node is not draining: the refusal is the directory's.
        assertThat(matchmaker.match("playground", "p2")).isInstanceOfSatisfying(Matchmaker.Result.Refused.class,
                r -> assertThat(r.code()).isEqualTo("no_capacity"));
    }

    private long heldSeats() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM fleet_seats")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
