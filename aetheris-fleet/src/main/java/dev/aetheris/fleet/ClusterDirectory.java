package dev.aetheris.fleet;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster's shared directory in the database every node already uses for sessions: nodes with
 * their heartbeats, rooms, and the seats held by unused reservations. SQLite for one node,
 * PostgreSQL for many. Every method blocks on the database: call it from the heartbeat thread or
 * an HTTP worker, never from a room loop.
 *
 * <p>Liveness is judged by readers: a node whose heartbeat is older than the TTL, and its rooms,
 * are left out of every answer at once and deleted by the next {@link #pruneDead}.
 *
 * <p>Thread-safe: one connection, used under this object's lock.
 */
public final class ClusterDirectory implements AutoCloseable {
    private static final long MIGRATION_LOCK = 0x466c656574L;
    private static final long MATCHMAKING_LOCK = 0x466c6565744dL;
    private static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS fleet_nodes (
              node_id       VARCHAR(64)  PRIMARY KEY,
              ws_url        VARCHAR(256) NOT NULL,
              quic          VARCHAR(256) NOT NULL,
              max_rooms     INTEGER      NOT NULL,
              room_capacity INTEGER      NOT NULL,
              players       INTEGER      NOT NULL,
              draining      INTEGER      NOT NULL,
              heartbeat_at  BIGINT       NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS fleet_rooms (
              room_id    VARCHAR(64) PRIMARY KEY,
              node_id    VARCHAR(64) NOT NULL,
              kind       VARCHAR(32) NOT NULL,
              players    INTEGER     NOT NULL,
              capacity   INTEGER     NOT NULL,
              matchable  INTEGER     NOT NULL,
              created_at BIGINT      NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS fleet_rooms_node ON fleet_rooms (node_id)",
            """
            CREATE TABLE IF NOT EXISTS fleet_seats (
              nonce      VARCHAR(32) PRIMARY KEY,
              room_id    VARCHAR(64) NOT NULL,
              expires_at BIGINT      NOT NULL
            )""",
            "CREATE TABLE IF NOT EXISTS fleet_secret (id INTEGER PRIMARY KEY, secret VARCHAR(128) NOT NULL)");
    private static final String LIVE = " n.heartbeat_at >= ? ";
    private static final String NODE_COLS = "n.node_id, n.ws_url, n.quic, n.max_rooms, n.room_capacity, n.players, "
            + "n.draining, n.heartbeat_at";

    private final String url;
    private final boolean postgres;
    private Connection conn;

    private ClusterDirectory(String url, boolean postgres) {
        this.url = url;
        this.postgres = postgres;
    }

    /**
     * Connects and creates the tables if needed.
     *
     * @throws FleetStoreException if the database is unreachable
     * @throws IllegalArgumentException for a URL that is neither SQLite nor PostgreSQL
     */
    public static ClusterDirectory open(String jdbcUrl) {
        boolean pg = jdbcUrl.startsWith("jdbc:postgresql:");
        if (!pg && !jdbcUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("jdbc-url: unsupported (use jdbc:sqlite: or jdbc:postgresql:)");
        }
        ClusterDirectory d = new ClusterDirectory(jdbcUrl, pg);
        d.inTransaction("create tables", c -> {
            try (Statement st = c.createStatement()) {
                lock(st, pg, MIGRATION_LOCK);
                for (String sql : SCHEMA) {
                    st.execute(sql);
                }
            }
            return null;
        });
        return d;
    }

    /** The cluster's seat-signing secret, created by the first node that asks. */
    public byte[] secret() {
        return inTransaction("read the seat secret", c -> {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_secret (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, HexFormat.of().formatHex(fresh));
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT secret FROM fleet_secret")) {
                rs.next();
                return HexFormat.of().parseHex(rs.getString(1));
            }
        });
    }

    /**
     * One heartbeat of {@code self}: its row and its rooms' player counts, in one transaction.
     * Rows for rooms of this node that it does not run and that are older than
     * {@code orphanMillis} (reserved but never joined) are deleted, as are the held seats whose
     * reservations were used.
     */
    public void heartbeat(NodeInfo self, List<RoomInfo> rooms, List<String> usedNonces, long orphanMillis) {
        inTransaction("heartbeat", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_nodes (node_id, ws_url, quic, max_rooms, "
                    + "room_capacity, players, draining, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (node_id) DO UPDATE SET ws_url = excluded.ws_url, quic = excluded.quic, "
                    + "max_rooms = excluded.max_rooms, room_capacity = excluded.room_capacity, "
                    + "players = excluded.players, draining = excluded.draining, heartbeat_at = excluded.heartbeat_at")) {
                ps.setString(1, self.nodeId());
                ps.setString(2, self.wsUrl());
                ps.setString(3, self.quic());
                ps.setInt(4, self.maxRooms());
                ps.setInt(5, self.roomCapacity());
                ps.setInt(6, self.players());
                ps.setInt(7, self.draining() ? 1 : 0);
                ps.setLong(8, self.heartbeatAt());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_rooms (room_id, node_id, kind, players, "
                    + "capacity, matchable, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id) DO UPDATE SET "
                    + "node_id = excluded.node_id, players = excluded.players, capacity = excluded.capacity, "
                    + "matchable = excluded.matchable")) {
                for (RoomInfo r : rooms) {
                    ps.setString(1, r.roomId());
                    ps.setString(2, self.nodeId());
                    ps.setString(3, r.kind());
                    ps.setInt(4, r.players());
                    ps.setInt(5, r.capacity());
                    ps.setInt(6, r.matchable() ? 1 : 0);
                    ps.setLong(7, self.heartbeatAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            deleteOrphans(c, self, rooms, orphanMillis);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_seats WHERE nonce = ?")) {
                for (String n : usedNonces) {
                    ps.setString(1, n);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void deleteOrphans(Connection c, NodeInfo self, List<RoomInfo> rooms, long orphanMillis)
            throws SQLException {
        List<String> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT room_id FROM fleet_rooms WHERE node_id = ? AND created_at < ?")) {
            ps.setString(1, self.nodeId());
            ps.setLong(2, self.heartbeatAt() - orphanMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
        }
        for (RoomInfo r : rooms) {
            stale.remove(r.roomId());
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_rooms WHERE room_id = ?")) {
            for (String id : stale) {
                ps.setString(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes nodes silent for longer than {@code ttlMillis}, their rooms and expired seats; returns nodes removed. */
    public int pruneDead(long now, long ttlMillis) {
        return inTransaction("prune dead nodes", c -> {
            long cutoff = now - ttlMillis;
            update(c, "DELETE FROM fleet_rooms WHERE node_id IN (SELECT node_id FROM fleet_nodes WHERE heartbeat_at < ?)",
                    cutoff);
            update(c, "DELETE FROM fleet_seats WHERE expires_at < ?", now);
            return update(c, "DELETE FROM fleet_nodes WHERE heartbeat_at < ?", cutoff);
        });
    }

    /** Removes {@code nodeId} and its rooms at once (a clean shutdown). */
    public void leave(String nodeId) {
        inTransaction("leave the cluster", c -> {
            try (PreparedStatement a = c.prepareStatement("DELETE FROM fleet_rooms WHERE node_id = ?");
                 PreparedStatement b = c.prepareStatement("DELETE FROM fleet_nodes WHERE node_id = ?")) {
                a.setString(1, nodeId);
                a.executeUpdate();
                b.setString(1, nodeId);
                b.executeUpdate();
            }
            return null;
        });
    }

    /** Live nodes (heartbeat within {@code ttlMillis} of {@code now}), by id. */
    public List<NodeInfo> nodes(long now, long ttlMillis) {
        return inTransaction("list nodes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLS + " FROM fleet_nodes n WHERE" + LIVE
                    + "ORDER BY n.node_id")) {
                ps.setLong(1, now - ttlMillis);
                return readNodes(ps);
            }
        });
    }

    /** Rooms of live nodes, by room id. */
    public List<RoomInfo> rooms(long now, long ttlMillis) {
        return inTransaction("list rooms", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.room_id, r.node_id, r.kind, r.players, r.capacity, "
                    + "r.matchable FROM fleet_rooms r JOIN fleet_nodes n ON n.node_id = r.node_id WHERE" + LIVE
                    + "ORDER BY r.room_id")) {
                ps.setLong(1, now - ttlMillis);
                List<RoomInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RoomInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getInt(5), rs.getInt(6) != 0));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Holds one seat of {@code kind} for {@code seatMillis}: in the fullest matchable room of a live,
     * non-draining node that still has space (players plus held seats below capacity), else in a
     * new room on the least-loaded such node with fewer than its maximum rooms. Serialised
     * cluster-wide, so two nodes never overbook a room. Empty if no node can take the player.
     *
     * @param newRoomId names a room if one must be created
     */
    public Optional<Seat> reserve(String kind, long now, long ttlMillis, long seatMillis, String nonce,
                                  Supplier<String> newRoomId) {
        return inTransaction("reserve a seat", c -> {
            try (Statement st = c.createStatement()) {
                lock(st, postgres, MATCHMAKING_LOCK);
            }
            // A write first: on SQLite it takes the database's write lock for the whole transaction.
            update(c, "DELETE FROM fleet_seats WHERE expires_at < ?", now);
            Seat seat = inExistingRoom(c, kind, now - ttlMillis, nonce, now + seatMillis);
            if (seat == null) {
                seat = inNewRoom(c, kind, now, now - ttlMillis, nonce, now + seatMillis, newRoomId.get());
            }
            if (seat != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO fleet_seats (nonce, room_id, expires_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, nonce);
                    ps.setString(2, seat.room().roomId());
                    ps.setLong(3, seat.expiresAt());
                    ps.executeUpdate();
                }
            }
            return Optional.ofNullable(seat);
        });
    }

    private static Seat inExistingRoom(Connection c, String kind, long cutoff, String nonce, long expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.room_id, r.players, r.capacity, "
                + "(SELECT COUNT(*) FROM fleet_seats s WHERE s.room_id = r.room_id) AS held, " + NODE_COLS
                + " FROM fleet_rooms r JOIN fleet_nodes n ON n.node_id = r.node_id WHERE r.kind = ? AND r.matchable = 1 AND n.draining = 0"
                + " AND" + LIVE + "ORDER BY (r.players + (SELECT COUNT(*) FROM fleet_seats s WHERE s.room_id = r.room_id))"
                + " DESC, r.room_id")) {
            ps.setString(1, kind);
            ps.setLong(2, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int taken = rs.getInt(2) + rs.getInt(4);
                    if (taken < rs.getInt(3)) {
                        NodeInfo node = node(rs, 5);
                        RoomInfo room = new RoomInfo(rs.getString(1), node.nodeId(), kind, rs.getInt(2), rs.getInt(3));
                        return new Seat(room, node, nonce, expiresAt);
                    }
                }
            }
        }
        return null;
    }

    private static Seat inNewRoom(Connection c, String kind, long now, long cutoff, String nonce, long expiresAt,
                                  String roomId) throws SQLException {
        NodeInfo chosen = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLS + " FROM fleet_nodes n WHERE n.draining = 0"
                + " AND" + LIVE + "AND n.max_rooms > (SELECT COUNT(*) FROM fleet_rooms r WHERE r.node_id = n.node_id)"
                + " ORDER BY (n.players + (SELECT COUNT(*) FROM fleet_seats s JOIN fleet_rooms r ON r.room_id = s.room_id"
                + " WHERE r.node_id = n.node_id)), (SELECT COUNT(*) FROM fleet_rooms r WHERE r.node_id = n.node_id),"
                + " n.node_id")) {
            ps.setLong(1, cutoff);
            List<NodeInfo> candidates = readNodes(ps);
            if (!candidates.isEmpty()) {
                chosen = candidates.getFirst();
            }
        }
        if (chosen == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_rooms (room_id, node_id, kind, players, "
                + "capacity, matchable, created_at) VALUES (?, ?, ?, 0, ?, 1, ?)")) {
            ps.setString(1, roomId);
            ps.setString(2, chosen.nodeId());
            ps.setString(3, kind);
            ps.setInt(4, chosen.roomCapacity());
            ps.setLong(5, now);
            ps.executeUpdate();
        }
        return new Seat(new RoomInfo(roomId, chosen.nodeId(), kind, 0, chosen.roomCapacity()), chosen, nonce, expiresAt);
    }

    private static List<NodeInfo> readNodes(PreparedStatement ps) throws SQLException {
        List<NodeInfo> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(node(rs, 1));
            }
        }
        return out;
    }

    private static NodeInfo node(ResultSet rs, int at) throws SQLException {
        return new NodeInfo(rs.getString(at), rs.getString(at + 1), rs.getString(at + 2), rs.getInt(at + 3),
                rs.getInt(at + 4), rs.getInt(at + 5), rs.getInt(at + 6) != 0, rs.getLong(at + 7));
    }

    private static int update(Connection c, String sql, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, value);
            return ps.executeUpdate();
        }
    }

    private static void lock(Statement st, boolean postgres, long key) throws SQLException {
        if (postgres) {
            st.execute("SELECT pg_advisory_xact_lock(" + key + ")");
        }
    }

    /** A unit of work on the connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T inTransaction(String what, Work<T> work) {
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            dropBrokenConnection();
            throw new FleetStoreException("cluster directory (" + (postgres ? "PostgreSQL" : "SQLite")
                    + "): cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (conn != null && !conn.isClosed()) {
            return conn;
        }
        conn = DriverManager.getConnection(url);
        if (!postgres) {
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA busy_timeout=5000");
            }
        }
        return conn;
    }

    private void dropBrokenConnection() {
        try {
            if (conn != null && !conn.isValid(1)) {
                conn.close();
                conn = null;
            }
        } catch (SQLException ignored) {
            conn = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
        conn = null;
    }
}
