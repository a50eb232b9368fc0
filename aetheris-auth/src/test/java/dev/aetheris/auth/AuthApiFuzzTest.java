package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.AuthResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of what the login API reads from the network: the JSON bodies of every
 * endpoint, the bearer header, and session tokens (also what a game connection's Auth carries).
 * The corpus replays in the normal test run; {@code -Pfuzz} explores.
 *
 * <p>Invariants: never a 500 (the handler turns unexpected exceptions into one), only documented
 * statuses, every answer a JSON object of the documented shape with the headers its status
 * promises, bounded in size; a token is accepted only if it carries the very signature the server issued.
 */
class AuthApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PATHS = {"otp/request", "otp/verify", "refresh", "logout", "dev-login", "nope", ""};
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 405, 413, 429, 503);
    /** Responses are small JSON objects; a longer one would mean input is echoed without bound. */
    private static final int MAX_RESPONSE_BYTES = 2048;

    @TempDir
    static Path dir;
    private static AuthService auth;
    private static AuthHttpApi api;
    /** Verified by {@link #sessionTokens}; never sent to the API, whose logout would revoke it. */
    private static String validToken;
    /** Sent to the API's refresh and logout (and may be revoked there). */
    private static String apiToken;

    @BeforeAll
    static void open() {
        auth = AuthService.builder(AuthConfig.of(dir, true, null)).clock(new TestClock()).backgroundSync(false).build();
        api = AuthHttpApi.create(auth, new CapturingMail());
        validToken = auth.login("dev:fuzz", Set.of()).token();
        apiToken = auth.login("dev:api", Set.of()).token();
    }

    @AfterAll
    static void close() {
        auth.close();
    }

    @FuzzTest
    void requests(FuzzedDataProvider data) throws IOException {
        String path = "/v1/auth/" + PATHS[data.consumeInt(0, PATHS.length - 1)];
        String method = data.consumeInt(0, 7) == 0 ? data.consumeString(8) : "POST";
        Map<String, String> headers = new HashMap<>();
        if (data.consumeBoolean()) {
            headers.put("authorization", data.consumeBoolean() ? "Bearer " + token(data, apiToken) : data.consumeString(200));
        }
        byte[] body = data.consumeRemainingAsBytes();
        HttpResponse r = api.handle(new HttpRequest(method, path, "", headers, body, "198.51.100.7"));

        assertThat(r.status()).isIn(DOCUMENTED);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body().length).isLessThanOrEqualTo(MAX_RESPONSE_BYTES);
        JsonNode o = JSON.readTree(r.body());
        assertThat(o.isObject()).isTrue();
        if (r.status() == 200) {
            assertThat(o.has("session_token") || o.path("revoked").asBoolean() || o.has("request_id")).isTrue();
        } else {
            assertThat(o.path("error").isTextual() && o.path("message").isTextual()).isTrue();
        }
        if (r.status() == 429) {
            assertThat(r.headers()).containsKey("Retry-After");
        }
        if (r.status() == 401 && (path.endsWith("/refresh") || path.endsWith("/logout"))) {
            assertThat(r.headers()).containsKey("WWW-Authenticate");
        }
    }

    /** Session tokens as a game connection's Auth message carries them. */
    @FuzzTest
    void sessionTokens(FuzzedDataProvider data) {
        String token = token(data, validToken);
        AuthResult result = auth.authenticate(token);
        if (result instanceof AuthResult.Accepted) {
            // Only the issued token is accepted. Base64url's unused low bits in the signature's last
            // character may differ (RFC 4648 decoders ignore them): the same signature, no forgery.
            int sig = validToken.lastIndexOf('.') + 1;
            assertThat(token).startsWith(validToken.substring(0, sig));
            assertThat(Base64.getUrlDecoder().decode(token.substring(sig)))
                    .isEqualTo(Base64.getUrlDecoder().decode(validToken.substring(sig)));
        } else {
            assertThat(((AuthResult.Rejected) result).reason()).isNotNull();
        }
    }

    /** Arbitrary text, or the valid token with a few bytes changed: the parser's deep paths. */
    private static String token(FuzzedDataProvider data, String valid) {
        if (data.consumeBoolean()) {
            return data.consumeString(1200);
        }
        byte[] t = valid.getBytes(StandardCharsets.US_ASCII);
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            t[data.consumeInt(0, t.length - 1)] = data.consumeByte();
        }
        return new String(t, StandardCharsets.ISO_8859_1);
    }
}
