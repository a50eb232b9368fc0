package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login API, called through the handler exactly as the server's HTTP port will call it. */
class AuthHttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IP = "198.51.100.7";

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private final CapturingMail mail = new CapturingMail();
    private AuthService auth;
    private AuthHttpApi api;

    private void open(boolean dev, Set<String> admins) {
        AuthConfig cfg = AuthConfig.of(dir, dev, dev ? null : "smtp://mail.example.org?from=noreply@example.org")
                .withAdminEmails(admins);
        auth = AuthService.builder(cfg).clock(clock).backgroundSync(false).build();
        api = AuthHttpApi.create(auth, mail);
    }

    @AfterEach
    void close() {
        if (auth != null) {
            auth.close();
        }
    }

    private static HttpRequest post(String path, String body, String ip, Map<String, String> headers) {
        return new HttpRequest("POST", "/v1/auth/" + path, "", headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), ip);
    }

    private HttpResponse call(String path, String body) {
        return api.handle(post(path, body, IP, Map.of()));
    }

    private HttpResponse callWithToken(String path, String token) {
        return api.handle(post(path, "", IP, Map.of("authorization", "Bearer " + token)));
    }

    private static JsonNode body(HttpResponse r) throws Exception {
        assertThat(r.contentType()).isEqualTo("application/json");
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse r, int status, String code) throws Exception {
        assertThat(r.status()).isEqualTo(status);
        JsonNode b = body(r);
        assertThat(b.get("error").asText()).isEqualTo(code);
        assertThat(b.get("message").asText()).isNotBlank();
    }

    private JsonNode loginByEmail(String email) throws Exception {
        HttpResponse req = call("otp/request", "{\"email\":\"" + email + "\"}");
        assertThat(req.status()).isEqualTo(200);
        String id = body(req).get("request_id").asText();
        HttpResponse v = call("otp/verify", "{\"request_id\":\"" + id + "\",\"code\":\"" + mail.lastCodeFor(
                AuthConfig.normaliseEmail(email)) + "\"}");
        assertThat(v.status()).isEqualTo(200);
        return body(v);
    }

    @Test
    void emailCodeLoginRefreshAndLogout() throws Exception {
        open(false, Set.of());
        HttpResponse req = call("otp/request", "{\"email\":\"Ann@Example.org\"}");
        assertThat(req.status()).isEqualTo(200);
        JsonNode ack = body(req);
        assertThat(Ulid.isValid(ack.get("request_id").asText())).isTrue();
        assertThat(ack.get("expires_at").asLong()).isEqualTo(clock.millis() + 600_000);
        assertThat(mail.sent).hasSize(1);
        assertThat(mail.sent.getFirst().to()).isEqualTo("ann@example.org");

        String code = mail.lastCodeFor("ann@example.org");
        HttpResponse v = call("otp/verify", "{\"request_id\":\"" + ack.get("request_id").asText() + "\",\"code\":\""
                + code + "\"}");
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.headers()).containsEntry("Cache-Control", "no-store");
        JsonNode s = body(v);
        String token = s.get("session_token").asText();
        assertThat(s.get("roles")).isEmpty();
        assertThat(s.get("expires_at").asLong()).isEqualTo(clock.millis() + 86_400_000);
        AuthResult r = auth.authenticate(token);
        assertThat(((AuthResult.Accepted) r).session().playerId()).isEqualTo(s.get("player_id").asText());

        // The same email logs in as the same player again.
        assertThat(loginByEmail("ann@example.org").get("player_id").asText()).isEqualTo(s.get("player_id").asText());

        HttpResponse refreshed = callWithToken("refresh", token);
        assertThat(refreshed.status()).isEqualTo(200);
        String newToken = body(refreshed).get("session_token").asText();
        assertThat(newToken).isNotEqualTo(token);
        assertError(callWithToken("refresh", token), 401, "revoked");

        HttpResponse out = callWithToken("logout", newToken);
        assertThat(out.status()).isEqualTo(200);
        assertThat(body(out).get("revoked").asBoolean()).isTrue();
        assertError(callWithToken("logout", newToken), 401, "revoked");
        assertError(callWithToken("refresh", "garbage"), 401, "malformed");
        assertError(api.handle(post("logout", "", IP, Map.of())), 401, "missing_token");
    }

    @Test
    void wrongCodesAreLimitedToThreeAttemptsAndCodesExpire() throws Exception {
        open(true, Set.of());
        String id = body(call("otp/request", "{\"email\":\"bob@example.org\"}")).get("request_id").asText();
        String code = mail.lastCodeFor("bob@example.org");
        String wrong = code.equals("000000") ? "000001" : "000000";
        for (int i = 0; i < 3; i++) {
            assertError(call("otp/verify", "{\"request_id\":\"" + id + "\",\"code\":\"" + wrong + "\"}"), 401,
                    "invalid_code");
        }
        // The right code no longer works after three failures.
        assertError(call("otp/verify", "{\"request_id\":\"" + id + "\",\"code\":\"" + code + "\"}"), 401, "invalid_code");

        String id2 = body(call("otp/request", "{\"email\":\"bob@example.org\"}")).get("request_id").asText();
        String code2 = mail.lastCodeFor("bob@example.org");
        clock.advance(Duration.ofMinutes(10));
        assertError(call("otp/verify", "{\"request_id\":\"" + id2 + "\",\"code\":\"" + code2 + "\"}"), 401,
                "invalid_code");

        String id3 = body(call("otp/request", "{\"email\":\"bob@example.org\"}")).get("request_id").asText();
        String code3 = mail.lastCodeFor("bob@example.org");
        assertThat(call("otp/verify", "{\"request_id\":\"" + id3 + "\",\"code\":\"" + code3 + "\"}").status())
                .isEqualTo(200);
        // A code is single-use.
        assertError(call("otp/verify", "{\"request_id\":\"" + id3 + "\",\"code\":\"" + code3 + "\"}"), 401,
                "invalid_code");
    }

    @Test
    void withoutSmtpOutsideDevModeEmailLoginSaysHowToEnableItAndPrintsNoCode() throws Exception {
        AuthConfig cfg = AuthConfig.of(dir, false, null);
        auth = AuthService.builder(cfg).clock(clock).backgroundSync(false).build();
        api = AuthHttpApi.create(auth);
        HttpResponse r = call("otp/request", "{\"email\":\"ann@example.org\"}");
        assertError(r, 503, "email_login_disabled");
        assertThat(body(r).get("message").asText()).contains("--smtp-url");
    }

    @Test
    void adminRoleOnlyForConfiguredEmails() throws Exception {
        open(false, Set.of("Boss@Example.org"));
        assertThat(loginByEmail("boss@example.org").get("roles").get(0).asText()).isEqualTo(Session.ADMIN);
        assertThat(loginByEmail("ann@example.org").get("roles")).isEmpty();
    }

    @Test
    void devLoginExistsOnlyInDevModeAndDefaultsToAdmin() throws Exception {
        open(false, Set.of());
        assertError(call("dev-login", "{\"name\":\"ann\"}"), 404, "not_found");
        auth.close();

        open(true, Set.of());
        HttpResponse r = call("dev-login", "{\"name\":\"ann\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = body(r);
        assertThat(b.get("roles").get(0).asText()).isEqualTo("admin");
        assertThat(((AuthResult.Accepted) auth.authenticate(b.get("session_token").asText())).session().isAdmin())
                .isTrue();
        JsonNode plain = body(call("dev-login", "{\"name\":\"bob\",\"admin\":false}"));
        assertThat(plain.get("roles")).isEmpty();
        assertThat(body(call("dev-login", "{\"name\":\"ann\",\"admin\":false}")).get("player_id").asText())
                .isEqualTo(b.get("player_id").asText());
        assertError(call("dev-login", "{\"name\":\"\"}"), 400, "bad_request");
        for (String bad : new String[] {"a\\u0000b", "bell\\u0007", "new\\nline", "tab\\t", "del\\u007f", "c1\\u0085",
            "lone\\ud800", "low\\udc00first", "rtl\\u202eevil", "line\\u2028sep", "private\\ue000"}) {
            assertError(call("dev-login", "{\"name\":\"" + bad + "\"}"), 400, "bad_request");
        }
        for (String good : new String[] {"Zoë", "李小龍", "ann smith", "pilot\\ud83d\\ude80", "\\ud83d\\udc69\\u200d\\ud83d\\ude80"}) {
            assertThat(call("dev-login", "{\"name\":\"" + good + "\",\"admin\":false}").status()).as(good).isEqualTo(200);
        }
        assertError(call("dev-login", "{\"name\":\"x\",\"admin\":\"yes\"}"), 400, "bad_request");
    }

    @Test
    void malformedRequestsGetJsonErrorsWithProperStatuses() throws Exception {
        open(true, Set.of());
        assertError(call("nope", "{}"), 404, "not_found");
        HttpResponse get = api.handle(new HttpRequest("GET", "/v1/auth/otp/request", "", Map.of(), new byte[0], IP));
        assertError(get, 405, "method_not_allowed");
        assertThat(get.headers()).containsEntry("Allow", "POST");
        assertError(call("otp/request", "not json"), 400, "bad_request");
        assertError(call("otp/request", "[1,2]"), 400, "bad_request");
        assertError(call("otp/request", ""), 400, "bad_request");
        assertError(call("otp/request", "{\"email\":42}"), 400, "bad_request");
        assertError(call("otp/request", "{\"email\":\"not-an-address\"}"), 400, "invalid_email");
        assertError(call("otp/verify", "{\"request_id\":\"x\"}"), 400, "bad_request");
        String big = "{\"email\":\"" + "a".repeat(16 * 1024) + "@example.org\"}";
        assertError(call("otp/request", big), 413, "body_too_large");
        // Exactly 16 KiB is still read.
        String edge = "{\"email\":\"" + "a".repeat(16 * 1024 - 24) + "@example.org\"}";
        assertThat(edge.getBytes(StandardCharsets.UTF_8).length).isEqualTo(16 * 1024);
        assertError(call("otp/request", edge), 400, "invalid_email");
        assertThat(mail.sent).isEmpty();
    }

    @Test
    void deliveryFailureIsReportedAndTheCodeDiscarded() throws Exception {
        open(true, Set.of());
        mail.fail = true;
        assertError(call("otp/request", "{\"email\":\"ann@example.org\"}"), 503, "delivery_failed");
        assertThat(auth.metrics().count(AuthMetrics.Event.OTP_DELIVERY_FAILED)).isEqualTo(1);
    }

    @Test
    void fivePerEmailPerHourWithRetryAfter() throws Exception {
        open(true, Set.of());
        for (int i = 0; i < 5; i++) {
            assertThat(api.handle(post("otp/request", "{\"email\":\"ann@example.org\"}", "10.0.0." + i, Map.of()))
                    .status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(1));
        }
        HttpResponse limited = api.handle(post("otp/request", "{\"email\":\"ann@example.org\"}", "10.0.1.1", Map.of()));
        assertError(limited, 429, "rate_limited");
        // The first request leaves the window 60 min after it was made, i.e. in 55 min.
        assertThat(limited.headers().get("Retry-After")).isEqualTo(Long.toString(55 * 60));
        clock.advance(Duration.ofMinutes(55));
        assertThat(api.handle(post("otp/request", "{\"email\":\"ann@example.org\"}", "10.0.1.1", Map.of())).status())
                .isEqualTo(200);
        assertThat(auth.metrics().count(AuthMetrics.Event.OTP_RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForOneEmailAdmitExactlyFive() throws Exception {
        open(true, Set.of());
        List<Integer> statuses = hammer(64, i -> post("otp/request", "{\"email\":\"ann@example.org\"}", "10.1.0." + i,
                Map.of()));
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(59);
        assertThat(mail.sent).hasSize(5);
    }

    @Test
    void concurrentRequestsFromOneIpAdmitExactlyThirty() throws Exception {
        open(true, Set.of());
        List<Integer> statuses = hammer(100, i -> post("otp/request", "{\"email\":\"p" + i + "@example.org\"}", IP,
                Map.of()));
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(30);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(70);
        // Another address is not affected.
        assertThat(api.handle(post("otp/request", "{\"email\":\"q@example.org\"}", "203.0.113.9", Map.of())).status())
                .isEqualTo(200);
    }

    private List<Integer> hammer(int n, java.util.function.IntFunction<HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.handle(request.apply(k)).status();
                }));
            }
            start.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
