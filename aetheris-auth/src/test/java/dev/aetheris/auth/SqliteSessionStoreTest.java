package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The store contract on the default embedded SQLite file. */
class SqliteSessionStoreTest extends SessionStoreContract {
    private int n;

    @Override
    String freshDatabase() {
        return "jdbc:sqlite:" + dir.resolve("store-" + (n++) + ".db");
    }

    @Test
    void theDefaultDatabaseIsAFileInTheDataDir() {
        try (AuthService a = AuthService.builder(AuthConfig.of(dir.resolve("data"), true, null)).clock(clock)
                .backgroundSync(false).build()) {
            assertThat(a.store().dialect()).isEqualTo(JdbcSessionStore.Dialect.SQLITE);
        }
        assertThat(Files.isRegularFile(dir.resolve("data").resolve("aetheris.db"))).isTrue();
    }
}
