package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data dir holds identities, session ids and keys: nobody but the owner may read any of it. */
class DataFilePermissionsTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @ParameterizedTest(name = "dev mode {0}")
    @ValueSource(booleans = {true, false})
    void dataDirDatabaseJournalsAndPrivateKeysAreOwnerOnly(boolean dev) throws Exception {
        Path data = tmp.resolve("nested").resolve("data");
        AuthConfig cfg = AuthConfig.of(data, dev, null);
        try (AuthService a = AuthService.builder(cfg).clock(new TestClock()).backgroundSync(false).build()) {
            a.login("dev:ann", Set.of());
            a.syncOnce(); // writes through the WAL, so -wal and -shm exist while the store is open
            Path db = data.resolve("aetheris.db");
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.getParent())).isEqualTo("rwx------");
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(Files.exists(data.resolve("aetheris.db-wal"))).isTrue();
            assertThat(mode(data.resolve("aetheris.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("aetheris.db-shm"))).isEqualTo("rw-------");
            Path keys = cfg.effectiveKeyDir();
            assertThat(mode(keys)).isEqualTo("rwx------");
            assertThat(mode(keys.resolve(a.keys().signingKid() + ".private.jwk"))).isEqualTo("rw-------");
        }
    }

    @Test
    void filesAnOlderBuildLeftReadableAreNarrowedOnStart() throws Exception {
        Path data = tmp.resolve("old");
        AuthConfig cfg = AuthConfig.of(data, false, null);
        try (AuthService a = AuthService.builder(cfg).clock(new TestClock()).backgroundSync(false).build()) {
            a.login("email:ann@example.org", Set.of());
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("aetheris.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (AuthService a = AuthService.builder(cfg).clock(new TestClock()).backgroundSync(false).build()) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("aetheris.db"))).isEqualTo("rw-------");
        }
    }
}
