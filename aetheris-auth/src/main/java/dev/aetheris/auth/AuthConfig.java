package dev.aetheris.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the auth module needs from the operator. The server's command line fills it; the
 * compact constructor rejects a bad value with a message that names the setting.
 *
 * @param dataDir      where the default SQLite file and the generated keys live
 * @param jdbcUrl      session store; {@code null} means {@code jdbc:sqlite:<dataDir>/aetheris.db}.
 *                     {@code jdbc:sqlite:} and {@code jdbc:postgresql:} are supported
 * @param keyDir       key files (see {@link KeyRing}); {@code null} means {@code <dataDir>/keys}
 * @param issuer       the {@code iss} claim written and required
 * @param tokenLife    absolute token lifetime ({@code exp - iat})
 * @param idleWindow   a session unused for longer than this is refused
 * @param devMode      enables {@code dev-login} and printing one-time codes to the log
 * @param adminEmails  emails granted the {@code admin} role at login; normalised to lower case
 * @param smtpUrl      {@code smtp://user:pass@host:port?from=addr} or {@code smtps://...}; without it
 *                     (outside dev mode) email login answers 503 and the server still runs
 */
public record AuthConfig(Path dataDir, String jdbcUrl, Path keyDir, String issuer, Duration tokenLife,
                         Duration idleWindow, boolean devMode, Set<String> adminEmails, String smtpUrl) {

    /** Default token life (24 h). */
    public static final Duration DEFAULT_TOKEN_LIFE = Duration.ofHours(24);
    /** Default sliding idle window (1 h). */
    public static final Duration DEFAULT_IDLE_WINDOW = Duration.ofHours(1);
    /** Default issuer. */
    public static final String DEFAULT_ISSUER = "aetheris";

    /** Validates and normalises. @throws IllegalArgumentException naming the bad setting */
    public AuthConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("auth dataDir: required (folder for the session database and keys)");
        }
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            jdbcUrl = null;
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("auth jdbcUrl: must start with jdbc:sqlite: or jdbc:postgresql:, got '"
                    + redact(jdbcUrl) + "'");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("auth issuer: must not be blank");
        }
        Objects.requireNonNull(tokenLife, "auth tokenLife");
        Objects.requireNonNull(idleWindow, "auth idleWindow");
        if (tokenLife.isNegative() || tokenLife.isZero() || tokenLife.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("auth tokenLife: must be between 1 s and 30 days, got " + tokenLife);
        }
        if (idleWindow.isNegative() || idleWindow.isZero() || idleWindow.compareTo(tokenLife) > 0) {
            throw new IllegalArgumentException("auth idleWindow: must be positive and not longer than tokenLife ("
                    + tokenLife + "), got " + idleWindow);
        }
        Set<String> admins = new TreeSet<>();
        for (String e : adminEmails == null ? Set.<String>of() : adminEmails) {
            String n = normaliseEmail(e);
            if (n == null) {
                throw new IllegalArgumentException("auth adminEmails: not an email address: '" + e + "'");
            }
            admins.add(n);
        }
        adminEmails = Set.copyOf(admins);
        if (smtpUrl != null && smtpUrl.isBlank()) {
            smtpUrl = null;
        }
        if (smtpUrl != null && !smtpUrl.startsWith("smtp://") && !smtpUrl.startsWith("smtps://")) {
            throw new IllegalArgumentException("auth smtpUrl: must start with smtp:// or smtps://");
        }
        if (smtpUrl != null) {
            SmtpMailSender.parse(smtpUrl); // fails early, naming the setting
        }
    }

    /** Defaults for everything but the data dir, dev mode and the SMTP URL. */
    public static AuthConfig of(Path dataDir, boolean devMode, String smtpUrl) {
        return new AuthConfig(dataDir, null, null, DEFAULT_ISSUER, DEFAULT_TOKEN_LIFE, DEFAULT_IDLE_WINDOW, devMode,
                Set.of(), smtpUrl);
    }

    /** A copy with other admin emails. */
    public AuthConfig withAdminEmails(Set<String> emails) {
        return new AuthConfig(dataDir, jdbcUrl, keyDir, issuer, tokenLife, idleWindow, devMode, emails, smtpUrl);
    }

    /** A copy with another JDBC URL. */
    public AuthConfig withJdbcUrl(String url) {
        return new AuthConfig(dataDir, url, keyDir, issuer, tokenLife, idleWindow, devMode, adminEmails, smtpUrl);
    }

    /** A copy with another key folder. */
    public AuthConfig withKeyDir(Path dir) {
        return new AuthConfig(dataDir, jdbcUrl, dir, issuer, tokenLife, idleWindow, devMode, adminEmails, smtpUrl);
    }

    /** The JDBC URL in effect. */
    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("aetheris.db").toAbsolutePath();
    }

    /** The key folder in effect. */
    public Path effectiveKeyDir() {
        return keyDir != null ? keyDir : dataDir.resolve("keys");
    }

    /** Trimmed, lower-cased email, or {@code null} if it does not look like one. */
    public static String normaliseEmail(String raw) {
        if (raw == null) {
            return null;
        }
        String e = raw.strip().toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (e.length() > 254 || at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1
                || e.indexOf('.', at) < 0 || e.endsWith(".")) {
            return null;
        }
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\' || c == 0x7F) {
                return null;
            }
        }
        return e;
    }

    /** Like the record's, but without credentials that URLs may carry. */
    @Override
    public String toString() {
        return "AuthConfig[dataDir=" + dataDir + ", jdbcUrl=" + (jdbcUrl == null ? "(sqlite in dataDir)" : redact(jdbcUrl))
                + ", keyDir=" + effectiveKeyDir() + ", issuer=" + issuer + ", tokenLife=" + tokenLife + ", idleWindow="
                + idleWindow + ", devMode=" + devMode + ", adminEmails=" + adminEmails + ", smtp="
                + (smtpUrl == null ? "(log)" : "configured") + "]";
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }
}
