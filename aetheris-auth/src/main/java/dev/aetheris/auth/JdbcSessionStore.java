package dev.aetheris.auth;

import dev.aetheris.protocol.util.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Sessions and player identities in a relational database over plain JDBC: an embedded SQLite file
 * by default, PostgreSQL for several nodes. Both get the same schema from the same versioned
 * migrations, applied at {@link #open}. Every call blocks on the database: call it from the HTTP
 * worker or the background sync thread, never from a tick thread.
 *
 * <p>Thread-safe: one connection, used under this object's lock (SQLite has one writer anyway, and
 * the write rate is coalesced to well under what one PostgreSQL connection sustains).
 */
public final class JdbcSessionStore implements AutoCloseable {

    /** Which SQL flavour is behind the URL. */
    enum Dialect { SQLITE, POSTGRESQL }

    /** One schema version: statements applied together in one transaction. */
    record Migration(int version, List<String> statements) {
    }

    /** The schema history. Append only: a shipped migration is never edited. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, List.of(
                    """
                    CREATE TABLE sessions (
                      jti           VARCHAR(26)  PRIMARY KEY,
                      player_id     VARCHAR(64)  NOT NULL,
                      roles         VARCHAR(512) NOT NULL,
                      created_at    BIGINT       NOT NULL,
                      expires_at    BIGINT       NOT NULL,
                      last_activity BIGINT       NOT NULL,
                      revoked_at    BIGINT,
                      updated_at    BIGINT       NOT NULL
                    )""",
                    "CREATE INDEX sessions_updated_at ON sessions (updated_at)",
                    "CREATE INDEX sessions_expires_at ON sessions (expires_at)")),
            new Migration(2, List.of(
                    """
                    CREATE TABLE players (
                      identity   VARCHAR(400) PRIMARY KEY,
                      player_id  VARCHAR(64)  NOT NULL UNIQUE,
                      created_at BIGINT       NOT NULL
                    )""")));

    private static final String COLUMNS = "jti, player_id, roles, created_at, expires_at, last_activity, revoked_at";
    /** Arbitrary constant naming the PostgreSQL advisory lock that serialises migrations across nodes. */
    private static final long MIGRATION_LOCK = 0x4165746865726973L;

    private final String url;
    private final Dialect dialect;
    private Connection conn;

    private JdbcSessionStore(String url, Dialect dialect) {
        this.url = url;
        this.dialect = dialect;
    }

    /**
     * Connects and brings the schema up to date.
     *
     * @throws StoreException if the database is unreachable or its schema is newer than this build
     */
    public static JdbcSessionStore open(String jdbcUrl) {
        Dialect d;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            d = Dialect.SQLITE;
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            d = Dialect.POSTGRESQL;
        } else {
            throw new StoreException("unsupported JDBC URL (use jdbc:sqlite: or jdbc:postgresql:)");
        }
        if (d == Dialect.SQLITE) {
            createPrivateSqliteFiles(jdbcUrl);
        }
        JdbcSessionStore s = new JdbcSessionStore(jdbcUrl, d);
        synchronized (s) {
            s.migrate();
        }
        return s;
    }

    /** SQLite's companions of a database file: they hold the same rows the database does. */
    private static final String[] SQLITE_COMPANIONS = {"-wal", "-shm", "-journal"};

    /**
     * The file holds player identities and session ids: it is created 0600 before SQLite opens it,
     * and SQLite creates its journal, WAL and shared-memory files with the database's mode, so
     * they are private from their first byte. Files left by an older build are narrowed too.
     */
    private static void createPrivateSqliteFiles(String jdbcUrl) {
        String spec = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = spec.indexOf('?');
        String file = q < 0 ? spec : spec.substring(0, q);
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
            return; // in memory, or a URI form whose path SQLite resolves itself
        }
        Path db = Path.of(file);
        try {
            Path parent = db.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                PrivateFiles.createDirectories(parent);
            }
            PrivateFiles.createFile(db);
            for (String suffix : SQLITE_COMPANIONS) {
                PrivateFiles.restrictIfExists(db.resolveSibling(db.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the session database " + db + " with owner-only access: "
                    + e.getMessage(), e);
        }
    }

    /** The dialect in use. */
    Dialect dialect() {
        return dialect;
    }

    /** The highest applied migration. */
    public synchronized int schemaVersion() {
        try (Statement st = connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM aetheris_auth_schema")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw fail("read schema version", e);
        }
    }

    /** Stores a new session; a session already stored under the same {@code jti} is left as it is. */
    public synchronized void insert(SessionRecord r, long now) {
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO sessions (" + COLUMNS
                + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING")) {
            bind(ps, r, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("insert session", e);
        }
    }

    /**
     * Atomically revokes {@code oldJti} and stores {@code next}. @return false (nothing changed) if
     * {@code oldJti} is unknown or already revoked, so two concurrent refreshes cannot both win
     */
    public synchronized boolean rotate(String oldJti, SessionRecord next, long now) {
        Connection c = connection();
        try {
            c.setAutoCommit(false);
            try {
                if (revokeIn(c, oldJti, now) != 1) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO sessions (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(ps, next, now);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("refresh session", e);
        }
    }

    /** Marks a session revoked. @return whether it was live before */
    public synchronized boolean revoke(String jti, long now) {
        try {
            return revokeIn(connection(), jti, now) == 1;
        } catch (SQLException e) {
            throw fail("revoke session", e);
        }
    }

    /** Writes coalesced last-activity times; never moves one backwards. */
    public synchronized void recordActivity(Map<String, Long> lastActivityByJti, long now) {
        if (lastActivityByJti.isEmpty()) {
            return;
        }
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET last_activity = ?, updated_at = ? WHERE jti = ? AND last_activity < ?")) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<String, Long> e : lastActivityByJti.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setLong(2, now);
                    ps.setString(3, e.getKey());
                    ps.setLong(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("record activity", e);
        }
    }

    /** One session by id. */
    public synchronized Optional<SessionRecord> find(String jti) {
        try (PreparedStatement ps = connection().prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE jti = ?")) {
            ps.setString(1, jti);
            List<SessionRecord> l = read(ps);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
        } catch (SQLException e) {
            throw fail("find session", e);
        }
    }

    /** Every session not yet expired at {@code now}, revoked ones included (they feed the revoked set). */
    public synchronized List<SessionRecord> loadUnexpired(long now) {
        return selectWhere("expires_at > ?", now, "load sessions");
    }

    /** Sessions created, used or revoked (by any node) at or after {@code since}. */
    public synchronized List<SessionRecord> changedSince(long since) {
        return selectWhere("updated_at >= ?", since, "poll session changes");
    }

    private List<SessionRecord> selectWhere(String condition, long value, String what) {
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM sessions WHERE " + condition)) {
            ps.setLong(1, value);
            return read(ps);
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    /** Deletes sessions that expired before {@code before}. @return how many */
    public synchronized int purgeExpired(long before) {
        try (PreparedStatement ps = connection().prepareStatement("DELETE FROM sessions WHERE expires_at < ?")) {
            ps.setLong(1, before);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("purge sessions", e);
        }
    }

    /**
     * The stable player id for an identity such as {@code email:a@b.c}, created on first use with
     * {@code newId}. Two nodes racing on the same identity agree on the first stored id.
     */
    public synchronized String playerIdFor(String identity, Supplier<String> newId, long now) {
        Connection c = connection();
        try {
            Optional<String> existing = selectPlayer(c, identity);
            if (existing.isPresent()) {
                return existing.get();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO players (identity, player_id, created_at) VALUES (?, ?, ?) ON CONFLICT (identity) DO NOTHING")) {
                ps.setString(1, identity);
                ps.setString(2, newId.get());
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            return selectPlayer(c, identity).orElseThrow(() -> new StoreException("player row vanished: " + identity));
        } catch (SQLException e) {
            throw fail("resolve player", e);
        }
    }

    @Override
    public synchronized void close() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException e) {
                // Closing a broken connection has nothing left to protect.
            }
            conn = null;
        }
    }

    // --- internals ---------------------------------------------------------------------------

    private static Optional<String> selectPlayer(Connection c, String identity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT player_id FROM players WHERE identity = ?")) {
            ps.setString(1, identity);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static int revokeIn(Connection c, String jti, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET revoked_at = ?, updated_at = ? WHERE jti = ? AND revoked_at IS NULL")) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setString(3, jti);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, SessionRecord r, long now) throws SQLException {
        ps.setString(1, r.jti());
        ps.setString(2, r.playerId());
        ps.setString(3, String.join(",", new TreeSet<>(r.roles())));
        ps.setLong(4, r.createdAt());
        ps.setLong(5, r.expiresAt());
        ps.setLong(6, r.lastActivity());
        if (r.revoked()) {
            ps.setLong(7, r.revokedAt());
        } else {
            ps.setNull(7, java.sql.Types.BIGINT);
        }
        ps.setLong(8, now);
    }

    private static List<SessionRecord> read(PreparedStatement ps) throws SQLException {
        List<SessionRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String roles = rs.getString(3);
                long revokedAt = rs.getLong(7);
                if (rs.wasNull()) {
                    revokedAt = 0;
                }
                out.add(new SessionRecord(rs.getString(1), rs.getString(2),
                        roles.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(roles.split(","))),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), revokedAt));
            }
        }
        return out;
    }

    private Connection connection() {
        try {
            if (conn != null && !conn.isClosed()) {
                return conn;
            }
            conn = DriverManager.getConnection(url);
            if (dialect == Dialect.SQLITE) {
                try (Statement st = conn.createStatement()) {
                    // WAL lets the sync thread read while a login writes; busy_timeout rides out a
                    // second process (an operator's sqlite3 shell) holding the write lock briefly.
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA busy_timeout=5000");
                }
            }
            return conn;
        } catch (SQLException e) {
            conn = null;
            throw fail("connect", e);
        }
    }

    private void migrate() {
        Connection c = connection();
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
                st.execute("CREATE TABLE IF NOT EXISTS aetheris_auth_schema ("
                        + "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
                int current;
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM aetheris_auth_schema")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                int latest = MIGRATIONS.getLast().version();
                if (current > latest) {
                    throw new StoreException("the session database has schema version " + current
                            + " but this build knows only up to " + latest + ": upgrade the server");
                }
                for (Migration m : MIGRATIONS) {
                    if (m.version() <= current) {
                        continue;
                    }
                    for (String sql : m.statements()) {
                        st.execute(sql);
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO aetheris_auth_schema (version, applied_at) VALUES (?, ?)")) {
                        ps.setInt(1, m.version());
                        ps.setLong(2, System.currentTimeMillis());
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("migrate schema", e);
        }
    }

    private StoreException fail(String what, SQLException e) {
        // Drop a connection that may be broken so the next call reconnects.
        try {
            if (conn != null && !conn.isValid(1)) {
                conn.close();
                conn = null;
            }
        } catch (SQLException ignored) {
            conn = null;
        }
        return new StoreException("session store (" + dialect + "): cannot " + what + ": " + e.getMessage(), e);
    }
}
