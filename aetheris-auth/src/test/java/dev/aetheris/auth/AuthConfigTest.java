package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
    private static final Path DIR = Path.of("data");

    @Test
    void defaultsAreTheDocumentedOnes() {
        AuthConfig c = AuthConfig.of(DIR, true, null);
        assertThat(c.tokenLife()).isEqualTo(Duration.ofHours(24));
        assertThat(c.idleWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(c.effectiveJdbcUrl()).startsWith("jdbc:sqlite:").endsWith("aetheris.db");
        assertThat(c.effectiveKeyDir()).isEqualTo(DIR.resolve("keys"));
        assertThat(c.adminEmails()).isEmpty();
    }

    @Test
    void productionMayRunWithoutSmtpAndThenHasNoEmailLogin() {
        assertThat(AuthConfig.of(DIR, false, null).smtpUrl()).isNull();
        assertThat(AuthConfig.of(DIR, false, "smtp://mail.example.org?from=a@example.org").devMode()).isFalse();
    }

    @Test
    void eachBadSettingIsNamed() {
        assertThatThrownBy(() -> AuthConfig.of(null, true, null)).hasMessageContaining("dataDir");
        assertThatThrownBy(() -> AuthConfig.of(DIR, true, null).withJdbcUrl("jdbc:mysql://x"))
                .hasMessageContaining("jdbcUrl");
        assertThatThrownBy(() -> AuthConfig.of(DIR, true, "http://x")).hasMessageContaining("smtpUrl");
        assertThatThrownBy(() -> new AuthConfig(DIR, null, null, " ", Duration.ofHours(1), Duration.ofMinutes(1), true,
                Set.of(), null)).hasMessageContaining("issuer");
        assertThatThrownBy(() -> new AuthConfig(DIR, null, null, "i", Duration.ZERO, Duration.ofMinutes(1), true,
                Set.of(), null)).hasMessageContaining("tokenLife");
        assertThatThrownBy(() -> new AuthConfig(DIR, null, null, "i", Duration.ofHours(1), Duration.ofHours(2), true,
                Set.of(), null)).hasMessageContaining("idleWindow");
        assertThatThrownBy(() -> AuthConfig.of(DIR, true, null).withAdminEmails(Set.of("not-an-email")))
                .hasMessageContaining("adminEmails");
    }

    @Test
    void adminEmailsAreNormalised() {
        AuthConfig c = AuthConfig.of(DIR, true, null).withAdminEmails(Set.of("  Boss@Example.ORG "));
        assertThat(c.adminEmails()).containsExactly("boss@example.org");
    }

    @Test
    void toStringHidesCredentials() {
        AuthConfig c = AuthConfig.of(DIR, false, "smtp://u:hunter2@mail.example.org?from=a@example.org")
                .withJdbcUrl("jdbc:postgresql://db/aetheris?user=a&password=hunter3");
        assertThat(c.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("jdbc:postgresql://db/aetheris");
    }
}
