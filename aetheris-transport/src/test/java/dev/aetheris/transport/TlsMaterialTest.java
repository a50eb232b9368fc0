package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void generatesAnEcdsaP256CertificateValidAtMostFourteenDaysWithAPrivateKey() throws Exception {
        TlsMaterial m = TlsMaterial.loadOrCreateDev(dir, T0);
        assertThat(m.generated()).isTrue();
        assertThat(m.leaf().getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) m.leaf().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(m.leaf().getSigAlgName()).isEqualTo("SHA256withECDSA");
        Duration validity = Duration.between(m.leaf().getNotBefore().toInstant(), m.leaf().getNotAfter().toInstant());
        assertThat(validity).isLessThanOrEqualTo(Duration.ofDays(14));
        assertThat(m.leaf().getNotBefore().toInstant()).isBefore(T0);
        assertThat(m.sha256()).matches("[0-9a-f]{64}").isEqualTo(TlsMaterial.sha256Hex(m.leaf()));
        Path key = dir.resolve(TlsMaterial.DEV_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve(TlsMaterial.DEV_CERT_FILE))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void isReusedWithAStableHashUntilItNearsExpiryThenRegenerated() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreateDev(dir, T0);
        TlsMaterial again = TlsMaterial.loadOrCreateDev(dir, T0.plus(Duration.ofDays(5)));
        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(again.key().getEncoded()).isEqualTo(first.key().getEncoded());
        // Expires at T0 - 1h + 14 d; within 2 days of that it is replaced.
        TlsMaterial stillOk = TlsMaterial.loadOrCreateDev(dir, T0.plus(Duration.ofDays(11)));
        assertThat(stillOk.sha256()).isEqualTo(first.sha256());
        Instant nearExpiry = T0.plus(Duration.ofDays(12));
        TlsMaterial renewed = TlsMaterial.loadOrCreateDev(dir, nearExpiry);
        assertThat(renewed.sha256()).isNotEqualTo(first.sha256());
        assertThat(renewed.leaf().getNotAfter().toInstant()).isAfter(nearExpiry.plus(Duration.ofDays(13)));
        assertThat(TlsMaterial.loadOrCreateDev(dir, nearExpiry).sha256()).isEqualTo(renewed.sha256());
    }

    @Test
    void aDamagedDevCertificateIsReplaced() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreateDev(dir, T0);
        Files.writeString(dir.resolve(TlsMaterial.DEV_CERT_FILE), "garbage");
        TlsMaterial replaced = TlsMaterial.loadOrCreateDev(dir, T0);
        assertThat(replaced.sha256()).isNotEqualTo(first.sha256());
    }

    @Test
    void configuredPemFilesAreLoadedAndBadOnesNamed() throws Exception {
        TlsMaterial dev = TlsMaterial.loadOrCreateDev(dir, T0);
        Path cert = dir.resolve(TlsMaterial.DEV_CERT_FILE);
        Path key = dir.resolve(TlsMaterial.DEV_KEY_FILE);
        TlsMaterial loaded = TlsMaterial.loadPem(cert, key);
        assertThat(loaded.generated()).isFalse();
        assertThat(loaded.sha256()).isEqualTo(dev.sha256());
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsMaterial.loadPem(missing, key))
                .isInstanceOf(TransportStartException.class).hasMessageContaining("nope.pem");
        Path bad = dir.resolve("bad-key.pem");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsMaterial.loadPem(cert, bad))
                .isInstanceOf(TransportStartException.class).hasMessageContaining("bad-key.pem");
    }

    @Test
    void anUnwritableDataDirIsReportedByName() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> TlsMaterial.loadOrCreateDev(file.resolve("data"), T0))
                .isInstanceOf(TransportStartException.class).hasMessageContaining("data-dir");
    }
}
