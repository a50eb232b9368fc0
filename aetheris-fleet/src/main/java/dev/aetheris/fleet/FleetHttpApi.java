package dev.aetheris.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.SessionVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster's HTTP API, served by every node:
 * <ul>
 *   <li>{@code POST /v1/matchmake} (bearer session token, {@code {"kind": "playground"}}) →
 *       {@code 200 {room_id, node_id, ws_url, quic, reservation, expires_at}};</li>
 *   <li>{@code GET /v1/rooms} → {@code {"rooms": [{room_id, node_id, kind, players, capacity}]}}:
 *       every room of every live node.</li>
 * </ul>
 * Errors are {@code {"error", "message"}} with 400, 401, 405 or 503. Thread-safe.
 */
public final class FleetHttpApi {
    /** Path of the matchmaking endpoint. */
    public static final String MATCHMAKE = "/v1/matchmake";
    /** Path of the room list. */
    public static final String ROOMS = "/v1/rooms";

    private final ObjectMapper json = new ObjectMapper();
    private final SessionVerifier sessions;
    private final Matchmaker matchmaker;
    private final ClusterDirectory directory;
    private final FleetConfig config;
    private final InstantSource clock;

    /**
     * @param sessions   checks the bearer token
     * @param matchmaker holds seats
     * @param directory  lists rooms
     * @param config     the TTL that decides which nodes are live
     * @param clock      wall clock
     */
    public FleetHttpApi(SessionVerifier sessions, Matchmaker matchmaker, ClusterDirectory directory,
                        FleetConfig config, InstantSource clock) {
        this.sessions = sessions;
        this.matchmaker = matchmaker;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    /** The handler for {@link #MATCHMAKE}. */
    public HttpHandler matchmakeHandler() {
        return this::matchmake;
    }

    /** The handler for {@link #ROOMS}. */
    public HttpHandler roomsHandler() {
        return this::rooms;
    }

    private HttpResponse matchmake(HttpRequest req) {
        if (!req.method().equals("POST")) {
            return error(405, "method_not_allowed", "use POST").withHeader("Allow", "POST");
        }
        String token = req.bearerToken();
        if (token == null) {
            return error(401, "missing_token", "send 'Authorization: Bearer <session_token>'")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        if (!(sessions.authenticate(token) instanceof AuthResult.Accepted accepted)) {
            return error(401, "invalid_token", "the session token is not valid; log in again")
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        String kind;
        try {
            JsonNode body = json.readTree(req.body());
            JsonNode k = body == null ? null : body.get("kind");
            if (k == null || !k.isTextual()) {
                return error(400, "bad_request", "the body must be a JSON object with a string 'kind'");
            }
            kind = k.textValue();
        } catch (IOException e) {
            return error(400, "bad_request", "the body must be a JSON object with a string 'kind'");
        }
        return switch (matchmaker.match(kind, accepted.session().playerId())) {
            case Matchmaker.Result.Matched m -> {
                ObjectNode o = json.createObjectNode();
                o.put("room_id", m.seat().room().roomId());
                o.put("node_id", m.seat().node().nodeId());
                o.put("ws_url", m.seat().node().wsUrl());
                o.put("quic", m.seat().node().quic());
                o.put("reservation", m.reservation());
                o.put("expires_at", m.seat().expiresAt());
                yield ok(o);
            }
            case Matchmaker.Result.Refused r -> {
                HttpResponse resp = error(r.status(), r.code(), r.message());
                yield r.status() == 503 ? resp.withHeader("Retry-After", "1") : resp;
            }
        };
    }

    private HttpResponse rooms(HttpRequest req) {
        if (!req.method().equals("GET")) {
            return error(405, "method_not_allowed", "use GET").withHeader("Allow", "GET");
        }
        ObjectNode o = json.createObjectNode();
        ArrayNode a = o.putArray("rooms");
        try {
            for (RoomInfo r : directory.rooms(clock.millis(), config.ttlMillis())) {
                ObjectNode ro = a.addObject();
                ro.put("room_id", r.roomId());
                ro.put("node_id", r.nodeId());
                ro.put("kind", r.kind());
                ro.put("players", r.players());
                ro.put("capacity", r.capacity());
            }
        } catch (FleetStoreException e) {
            return error(503, "directory_unavailable", e.getMessage()).withHeader("Retry-After", "1");
        }
        return ok(o);
    }

    private static HttpResponse ok(ObjectNode o) {
        return new HttpResponse(200, "application/json", Map.of(), o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse error(int status, String code, String message) {
        ObjectNode o = json.createObjectNode();
        o.put("error", code.toLowerCase(Locale.ROOT));
        o.put("message", message);
        return new HttpResponse(status, "application/json", Map.of(), o.toString().getBytes(StandardCharsets.UTF_8));
    }
}
