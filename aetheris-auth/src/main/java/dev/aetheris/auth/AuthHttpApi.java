package dev.aetheris.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Session;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login API, mounted by the server under {@code /v1/auth/}. All endpoints take and return JSON
 * and answer only {@code POST}:
 * <ul>
 *   <li>{@code otp/request {email}} → {@code {request_id, expires_at}}</li>
 *   <li>{@code otp/verify {request_id, code}} → {@code {session_token, expires_at, player_id, roles}}</li>
 *   <li>{@code refresh} (bearer token) → same shape as {@code otp/verify}</li>
 *   <li>{@code logout} (bearer token) → {@code {revoked: true}}</li>
 *   <li>{@code dev-login {name, admin}} (dev mode only, otherwise 404) → same as {@code otp/verify}</li>
 * </ul>
 * Times are epoch milliseconds. Errors are {@code {error, message}} with 400, 401, 404, 405, 413,
 * 429 (+ {@code Retry-After}), 500 or 503. Never throws.
 */
public final class AuthHttpApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AuthHttpApi.class);
    /** Largest accepted request body. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** The mount point. */
    public static final String PREFIX = "/v1/auth/";
    private static final int MAX_NAME_CHARS = 64;

    private final AuthService auth;
    private final OtpService otp;
    private final ObjectMapper json = new ObjectMapper();

    /** @param auth the session service @param otp the one-time code service */
    public AuthHttpApi(AuthService auth, OtpService otp) {
        this.auth = auth;
        this.otp = otp;
    }

    /**
     * The API with mail delivery chosen from the configuration: SMTP when an SMTP URL is set,
     * otherwise (dev mode only, enforced by {@link AuthConfig}) the log.
     */
    public static AuthHttpApi create(AuthService auth) {
        AuthConfig c = auth.config();
        MailSender mail = c.smtpUrl() != null ? new SmtpMailSender(c.smtpUrl()) : new LogMailSender();
        return create(auth, mail);
    }

    /** The API with the given mail delivery. */
    public static AuthHttpApi create(AuthService auth, MailSender mail) {
        return new AuthHttpApi(auth, new OtpService(auth.clock(), new SecureRandom(), mail, auth.metrics()));
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        try {
            return route(request);
        } catch (StoreException e) {
            LOG.warn("auth: store unavailable: {}", e.getMessage());
            return error(503, "store_unavailable", "the session store is unavailable; try again shortly");
        } catch (RuntimeException e) {
            LOG.error("auth: unexpected failure on {} {}", request.method(), request.path(), e);
            return error(500, "internal", "internal error");
        }
    }

    private HttpResponse route(HttpRequest req) {
        String path = req.path() == null ? "" : req.path();
        if (path.startsWith(PREFIX)) {
            path = path.substring(PREFIX.length());
        } else if (path.startsWith("/")) {
            path = path.substring(1);
        }
        boolean known = switch (path) {
            case "otp/request", "otp/verify", "refresh", "logout" -> true;
            case "dev-login" -> auth.config().devMode();
            default -> false;
        };
        if (!known) {
            return error(404, "not_found", "no such endpoint");
        }
        if (!"POST".equals(req.method())) {
            return error(405, "method_not_allowed", "use POST").withHeader("Allow", "POST");
        }
        if (req.body() != null && req.body().length > MAX_BODY_BYTES) {
            return error(413, "body_too_large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        return switch (path) {
            case "otp/request" -> otpRequest(req);
            case "otp/verify" -> otpVerify(req);
            case "refresh" -> refresh(req);
            case "logout" -> logout(req);
            default -> devLogin(req);
        };
    }

    private HttpResponse otpRequest(HttpRequest req) {
        if (!auth.config().devMode() && auth.config().smtpUrl() == null) {
            // Codes must never land in a production log: without SMTP there is no email login.
            return error(503, "email_login_disabled", "email login is not configured on this server: start it with "
                    + "--smtp-url smtp://user:pass@host:port?from=addr (or --dev for local play)");
        }
        ObjectNode body = parse(req);
        if (body == null) {
            return badJson();
        }
        String email = text(body, "email");
        if (email == null) {
            return error(400, "bad_request", "field 'email' (string) is required");
        }
        return switch (otp.request(email, req.remoteAddress())) {
            case OtpService.RequestResult.Sent(String id, long expiresAt) -> {
                ObjectNode o = json.createObjectNode();
                o.put("request_id", id);
                o.put("expires_at", expiresAt);
                yield ok(o);
            }
            case OtpService.RequestResult.RateLimited(long retry, String scope) ->
                    error(429, "rate_limited", "too many code requests for this " + scope + "; retry later")
                            .withHeader("Retry-After", Long.toString(retry));
            case OtpService.RequestResult.Invalid(String message) -> error(400, "invalid_email", message);
            case OtpService.RequestResult.DeliveryFailed(String message) -> error(503, "delivery_failed", message);
        };
    }

    private HttpResponse otpVerify(HttpRequest req) {
        ObjectNode body = parse(req);
        if (body == null) {
            return badJson();
        }
        String id = text(body, "request_id");
        String code = text(body, "code");
        if (id == null || code == null) {
            return error(400, "bad_request", "fields 'request_id' and 'code' (strings) are required");
        }
        return switch (otp.verify(id, code)) {
            case OtpService.VerifyResult.Verified(String email) -> {
                Set<String> roles = auth.config().adminEmails().contains(email) ? Set.of(Session.ADMIN) : Set.of();
                yield session(auth.login("email:" + email, roles));
            }
            case OtpService.VerifyResult.Refused(String message) -> error(401, "invalid_code", message);
        };
    }

    private HttpResponse refresh(HttpRequest req) {
        String token = req.bearerToken();
        if (token == null) {
            return missingToken();
        }
        return switch (auth.refresh(token)) {
            case IssueResult.Issued issued -> session(issued);
            case IssueResult.Refused(AuthResult.Reason reason, String detail) -> tokenError(reason, detail);
        };
    }

    private HttpResponse logout(HttpRequest req) {
        String token = req.bearerToken();
        if (token == null) {
            return missingToken();
        }
        return switch (auth.logout(token)) {
            case AuthResult.Accepted a -> {
                ObjectNode o = json.createObjectNode();
                o.put("revoked", true);
                yield ok(o);
            }
            case AuthResult.Rejected(AuthResult.Reason reason, String detail) -> tokenError(reason, detail);
        };
    }

    private HttpResponse devLogin(HttpRequest req) {
        ObjectNode body = parse(req);
        if (body == null) {
            return badJson();
        }
        String name = text(body, "name");
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS) {
            return error(400, "bad_request", "field 'name' (1.." + MAX_NAME_CHARS + " characters) is required");
        }
        if (!printable(name)) {
            return error(400, "bad_request", "field 'name' may hold printable characters only "
                    + "(no control or format characters, no unpaired surrogates)");
        }
        JsonNode admin = body.get("admin");
        if (admin != null && !admin.isBoolean()) {
            return error(400, "bad_request", "field 'admin' must be a boolean");
        }
        boolean isAdmin = admin == null || admin.booleanValue();
        LOG.info("auth: dev login as '{}' (admin={})", name, isAdmin);
        return session(auth.login("dev:" + name.strip(), isAdmin ? Set.of(Session.ADMIN) : Set.of()));
    }

    // --- helpers ------------------------------------------------------------------------------

    /**
     * Whether every code point of {@code s} is a printable, assigned character: names end up in
     * logs, other players' screens and the identity key, where control characters, bidi overrides
     * and unpaired surrogates do harm. Joiners stay allowed, since emoji sequences need them.
     */
    static boolean printable(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE,
                     Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    return false;
                }
                case Character.FORMAT -> {
                    if (cp != 0x200C && cp != 0x200D) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    private HttpResponse session(IssueResult.Issued issued) {
        ObjectNode o = json.createObjectNode();
        o.put("session_token", issued.token());
        o.put("expires_at", issued.session().expiresAtEpochMilli());
        o.put("player_id", issued.session().playerId());
        ArrayNode roles = o.putArray("roles");
        new TreeSet<>(issued.session().roles()).forEach(roles::add);
        // Tokens must not end up in shared caches.
        return ok(o).withHeader("Cache-Control", "no-store");
    }

    private ObjectNode parse(HttpRequest req) {
        byte[] b = req.body();
        if (b == null || b.length == 0) {
            return null;
        }
        try {
            JsonNode n = json.readTree(b);
            return n instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private HttpResponse tokenError(AuthResult.Reason reason, String detail) {
        return error(401, reason.name().toLowerCase(Locale.ROOT), detail)
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    private HttpResponse missingToken() {
        return error(401, "missing_token", "send 'Authorization: Bearer <session_token>'")
                .withHeader("WWW-Authenticate", "Bearer");
    }

    private HttpResponse badJson() {
        return error(400, "bad_request", "the body must be a JSON object");
    }

    private HttpResponse ok(ObjectNode o) {
        return new HttpResponse(200, "application/json", Map.of(), o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse error(int status, String code, String message) {
        ObjectNode o = json.createObjectNode();
        o.put("error", code);
        o.put("message", message);
        return new HttpResponse(status, "application/json", Map.of(), o.toString().getBytes(StandardCharsets.UTF_8));
    }
}
