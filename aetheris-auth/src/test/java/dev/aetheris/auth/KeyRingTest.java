package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.aetheris.protocol.seam.AuthResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private final Ulid ulid = new Ulid(new SecureRandom());

    private List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void firstStartGeneratesAnOwnerOnlyPrivateKeyAndReusesItAfter() throws Exception {
        Path keys = dir.resolve("keys");
        KeyRing first = KeyRing.open(keys, true, ulid, clock);
        String kid = first.signingKid();
        assertThat(kid).isNotNull();
        assertThat(names(keys)).containsExactly(kid + ".private.jwk", kid + ".public.jwk", "signing-kid");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(kid + ".private.jwk"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        assertThat(Files.readString(keys.resolve(kid + ".public.jwk"))).doesNotContain("\"d\"");

        KeyRing second = KeyRing.open(keys, true, ulid, clock);
        assertThat(second.signingKid()).isEqualTo(kid);
        assertThat(names(keys)).hasSize(3);
    }

    @Test
    void tokensSignedBeforeARotationStillVerifyAfterIt() {
        AuthConfig cfg = AuthConfig.of(dir, true, null);
        try (AuthService a = AuthService.builder(cfg).clock(clock).backgroundSync(false).build()) {
            String oldKid = a.keys().signingKid();
            String oldToken = a.login("dev:ann", Set.of()).token();
            String newKid = a.rotateSigningKey();
            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(Files.exists(dir.resolve("keys").resolve(oldKid + ".private.jwk"))).isFalse();
            assertThat(Files.exists(dir.resolve("keys").resolve(oldKid + ".public.jwk"))).isTrue();
            String newToken = a.login("dev:bob", Set.of()).token();
            assertThat(header(newToken)).contains(newKid);
            assertThat(a.authenticate(oldToken)).isInstanceOf(AuthResult.Accepted.class);
            assertThat(a.authenticate(newToken)).isInstanceOf(AuthResult.Accepted.class);
        }
        // A restarted node sees both keys again and signs with the new one.
        try (AuthService b = AuthService.builder(cfg).clock(clock).backgroundSync(false).build()) {
            assertThat(b.keys().verifyingKids()).hasSize(2);
        }
    }

    @Test
    void aNodeSharingTheKeyFolderLearnsARotatedKeyOnItsNextSync() {
        AuthConfig cfg = AuthConfig.of(dir, true, null);
        try (AuthService a = AuthService.builder(cfg).clock(clock).backgroundSync(false).build();
             AuthService b = AuthService.builder(cfg).clock(clock).backgroundSync(false).build()) {
            a.rotateSigningKey();
            String token = a.login("dev:ann", Set.of()).token();
            assertThat(((AuthResult.Rejected) b.authenticate(token)).reason()).isEqualTo(AuthResult.Reason.BAD_SIGNATURE);
            clock.advance(java.time.Duration.ofSeconds(5));
            b.syncOnce();
            assertThat(b.authenticate(token)).isInstanceOf(AuthResult.Accepted.class);
        }
    }

    @Test
    void aNodeWithOnlyPublicKeysVerifiesButCannotIssue() throws Exception {
        Path issuerData = dir.resolve("issuer");
        Path gameData = dir.resolve("game");
        String token;
        try (AuthService issuer = AuthService.builder(AuthConfig.of(issuerData, true, null).withJdbcUrl(
                "jdbc:sqlite:" + dir.resolve("shared.db"))).clock(clock).backgroundSync(false).build()) {
            token = issuer.login("dev:ann", Set.of()).token();
            Files.createDirectories(gameData.resolve("keys"));
            String kid = issuer.keys().signingKid();
            Files.copy(issuerData.resolve("keys").resolve(kid + ".public.jwk"),
                    gameData.resolve("keys").resolve(kid + ".public.jwk"));
        }
        AuthConfig gameCfg = AuthConfig.of(gameData, true, null).withJdbcUrl("jdbc:sqlite:" + dir.resolve("shared.db"));
        try (AuthService game = AuthService.builder(gameCfg).clock(clock).backgroundSync(false).generateKeys(false)
                .build()) {
            assertThat(game.keys().canSign()).isFalse();
            assertThat(game.authenticate(token)).isInstanceOf(AuthResult.Accepted.class);
            assertThatThrownBy(() -> game.login("dev:bob", Set.of())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot issue");
        }
    }

    @Test
    void operatorSuppliedKeyIsUsedInsteadOfGeneratingOne() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        var key = new ECKeyGenerator(Curve.P_256).keyID("ops-2026").generate();
        Files.writeString(keys.resolve("ops-2026.private.jwk"), key.toJSONString());
        KeyRing ring = KeyRing.open(keys, true, ulid, clock);
        assertThat(ring.signingKid()).isEqualTo("ops-2026");
        assertThat(names(keys)).containsExactly("ops-2026.private.jwk");
    }

    @Test
    void unusableKeyFilesAreRefusedWithTheFileNamed() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("x.public.jwk"), "not json");
        assertThatThrownBy(() -> KeyRing.open(keys, true, ulid, clock)).isInstanceOf(KeyRing.KeyRingException.class)
                .hasMessageContaining("x.public.jwk");

        Files.writeString(keys.resolve("x.public.jwk"), new ECKeyGenerator(Curve.P_384).keyID("x").generate()
                .toPublicJWK().toJSONString());
        assertThatThrownBy(() -> KeyRing.open(keys, true, ulid, clock)).hasMessageContaining("P-256");

        Files.delete(keys.resolve("x.public.jwk"));
        assertThatThrownBy(() -> KeyRing.open(keys, false, ulid, clock)).hasMessageContaining("no key");
    }

    private static String header(String token) {
        return new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
    }
}
