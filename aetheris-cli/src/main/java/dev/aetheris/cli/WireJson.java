package dev.aetheris.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aetheris.codec.EnumValue;
import dev.aetheris.protocol.component.WireType;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON forms of wire values for the {@code aetheris wire} tool. Field names are the upstream
 * structs' (snake_case); events and enum values carry {@code "type"} with the variant name; byte
 * payloads are lowercase hex strings; {@code None} is {@code null}; a newtype enum variant keeps
 * its inner value under {@code "value"}. Input is strict: unknown or missing fields are errors.
 */
final class WireJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Bad JSON content (valid JSON, wrong shape). */
    static final class JsonShapeException extends Exception {
        JsonShapeException(String message) {
            super(message, null, false, false);
        }
    }

    private WireJson() {
    }

    // ---------------------------------------------------------------- events → JSON

    static ObjectNode eventToJson(WireEvent event) {
        ObjectNode o = F.objectNode();
        o.put("type", event.variantName());
        switch (event) {
            case WireEvent.Ping e -> o.set("tick", u64(e.tick()));
            case WireEvent.Pong e -> o.set("tick", u64(e.tick()));
            case WireEvent.Auth e -> o.put("session_token", e.sessionToken());
            case WireEvent.JoinRoom e -> o.put("reservation", e.reservation());
            case WireEvent.Fragment e -> {
                FragmentedEvent f = e.fragment();
                o.put("message_id", f.messageId());
                o.put("fragment_index", f.fragmentIndex());
                o.put("total_fragments", f.totalFragments());
                o.put("payload", HEX.formatHex(f.payload()));
            }
            case WireEvent.StressTest e -> {
                o.put("count", e.count());
                o.put("rotate", e.rotate());
            }
            case WireEvent.Spawn e -> {
                o.put("entity_type", e.entityType());
                o.put("x", e.x());
                o.put("y", e.y());
                o.put("rot", e.rot());
            }
            case WireEvent.ClearWorld e -> { }
            case WireEvent.StartSession e -> { }
            case WireEvent.RequestSystemManifest e -> { }
            case WireEvent.GameEvent e -> o.set("event", gameEventToJson(e.event()));
            case WireEvent.ReplicationBatch e -> {
                ArrayNode a = o.putArray("events");
                for (ReplicationEvent r : e.events()) {
                    ObjectNode ro = a.addObject();
                    ro.set("network_id", u64(r.networkId()));
                    ro.put("component_kind", r.componentKind());
                    ro.put("payload", HEX.formatHex(r.payload()));
                    ro.set("tick", u64(r.tick()));
                }
            }
            case WireEvent.EntitySpawned e -> {
                o.set("network_id", u64(e.networkId()));
                o.put("kind", e.kind());
            }
            case WireEvent.EntityDespawned e -> o.set("network_id", u64(e.networkId()));
        }
        return o;
    }

    private static ObjectNode gameEventToJson(GameEvent event) {
        ObjectNode o = F.objectNode();
        o.put("type", event.variantName());
        switch (event) {
            case GameEvent.AsteroidDepleted g -> o.set("network_id", u64(g.networkId()));
            case GameEvent.Possession g -> o.set("network_id", u64(g.networkId()));
            case GameEvent.SystemManifest g -> {
                ObjectNode m = o.putObject("manifest");
                g.manifest().forEach(m::put);
            }
            case GameEvent.DamageEvent g -> {
                o.set("source", u64(g.source()));
                o.set("target", u64(g.target()));
                o.put("amount", g.amount());
            }
            case GameEvent.DeathEvent g -> o.set("target", u64(g.target()));
            case GameEvent.RespawnEvent g -> {
                o.set("target", u64(g.target()));
                o.put("x", g.x());
                o.put("y", g.y());
            }
            case GameEvent.CargoCollected g -> {
                o.set("network_id", u64(g.networkId()));
                o.put("amount", g.amount());
            }
        }
        return o;
    }

    static ObjectNode frameToJson(ComponentUpdate u) {
        ObjectNode o = F.objectNode();
        o.set("network_id", u64(u.networkId()));
        o.put("component_kind", u.componentKind());
        o.set("tick", u64(u.tick()));
        o.put("payload", HEX.formatHex(u.payload()));
        return o;
    }

    private static JsonNode u64(long v) {
        return v >= 0 ? F.numberNode(v) : F.numberNode(new BigInteger(Long.toUnsignedString(v)));
    }

    // ---------------------------------------------------------------- JSON → events

    static WireEvent eventFromJson(JsonNode node) throws JsonShapeException {
        Fields f = new Fields(node, "event");
        String type = f.type();
        WireEvent e = switch (type) {
            case "Ping" -> new WireEvent.Ping(f.u64("tick"));
            case "Pong" -> new WireEvent.Pong(f.u64("tick"));
            case "Auth" -> new WireEvent.Auth(f.str("session_token"));
            case "JoinRoom" -> new WireEvent.JoinRoom(f.str("reservation"));
            case "Fragment" -> new WireEvent.Fragment(new FragmentedEvent(f.uint("message_id", 32),
                    (int) f.uint("fragment_index", 16), (int) f.uint("total_fragments", 16), f.hex("payload")));
            case "StressTest" -> new WireEvent.StressTest((int) f.uint("count", 16), f.bool("rotate"));
            case "Spawn" -> new WireEvent.Spawn((int) f.uint("entity_type", 16), f.f32("x"), f.f32("y"), f.f32("rot"));
            case "ClearWorld" -> new WireEvent.ClearWorld();
            case "StartSession" -> new WireEvent.StartSession();
            case "RequestSystemManifest" -> new WireEvent.RequestSystemManifest();
            case "GameEvent" -> new WireEvent.GameEvent(gameEventFromJson(f.node("event")));
            case "ReplicationBatch" -> {
                JsonNode a = f.node("events");
                if (!a.isArray()) {
                    throw new JsonShapeException("events must be an array");
                }
                List<ReplicationEvent> list = new ArrayList<>();
                for (JsonNode r : a) {
                    Fields rf = new Fields(r, "replication event");
                    list.add(new ReplicationEvent(rf.u64("network_id"), (int) rf.uint("component_kind", 16),
                            rf.hex("payload"), rf.u64("tick")));
                    rf.done();
                }
                yield new WireEvent.ReplicationBatch(list);
            }
            case "EntitySpawned" -> new WireEvent.EntitySpawned(f.u64("network_id"), (int) f.uint("kind", 16));
            case "EntityDespawned" -> new WireEvent.EntityDespawned(f.u64("network_id"));
            default -> throw new JsonShapeException("unknown event type '" + type + "'");
        };
        f.done();
        return e;
    }

    private static GameEvent gameEventFromJson(JsonNode node) throws JsonShapeException {
        Fields f = new Fields(node, "game event");
        String type = f.type();
        GameEvent g = switch (type) {
            case "AsteroidDepleted" -> new GameEvent.AsteroidDepleted(f.u64("network_id"));
            case "Possession" -> new GameEvent.Possession(f.u64("network_id"));
            case "SystemManifest" -> {
                JsonNode m = f.node("manifest");
                if (!m.isObject()) {
                    throw new JsonShapeException("manifest must be an object of strings");
                }
                TreeMap<String, String> map = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw new JsonShapeException("manifest value '" + e.getKey() + "' must be a string");
                    }
                    map.put(e.getKey(), e.getValue().asText());
                }
                yield new GameEvent.SystemManifest(map);
            }
            case "DamageEvent" -> new GameEvent.DamageEvent(f.u64("source"), f.u64("target"), (int) f.uint("amount", 16));
            case "DeathEvent" -> new GameEvent.DeathEvent(f.u64("target"));
            case "RespawnEvent" -> new GameEvent.RespawnEvent(f.u64("target"), f.f32("x"), f.f32("y"));
            case "CargoCollected" -> new GameEvent.CargoCollected(f.u64("network_id"), (int) f.uint("amount", 16));
            default -> throw new JsonShapeException("unknown game event type '" + type + "'");
        };
        f.done();
        return g;
    }

    static ReplicationEvent frameFromJson(JsonNode node) throws JsonShapeException {
        Fields f = new Fields(node, "replication frame");
        ReplicationEvent e = new ReplicationEvent(f.u64("network_id"), (int) f.uint("component_kind", 16),
                f.hex("payload"), f.u64("tick"));
        f.done();
        return e;
    }

    // ---------------------------------------------------------------- component values

    static JsonNode valueToJson(WireType type, Object v) {
        if (v == null) {
            return F.nullNode();
        }
        return switch (type) {
            case WireType.Bool b -> F.booleanNode((Boolean) v);
            case WireType.UInt u -> u64((Long) v);
            case WireType.F32 f -> F.numberNode((Float) v);
            case WireType.Str s -> F.textNode((String) v);
            case WireType.Opt o -> valueToJson(o.inner(), v);
            case WireType.Newtype n -> valueToJson(n.inner(), v);
            case WireType.Seq s -> {
                ArrayNode a = F.arrayNode();
                for (Object e : (List<?>) v) {
                    a.add(valueToJson(s.element(), e));
                }
                yield a;
            }
            case WireType.Struct s -> fieldsToJson(s, (Map<?, ?>) v, F.objectNode());
            case WireType.Enum e -> {
                EnumValue ev = (EnumValue) v;
                ObjectNode o = F.objectNode();
                o.put("type", ev.variant());
                WireType.Variant variant = e.variants().get(e.indexOf(ev.variant()));
                switch (variant.shape()) {
                    case UNIT -> { }
                    case NEWTYPE -> o.set("value", valueToJson(variant.body(), ev.body()));
                    case STRUCT -> fieldsToJson((WireType.Struct) variant.body(), (Map<?, ?>) ev.body(), o);
                }
                yield o;
            }
        };
    }

    private static ObjectNode fieldsToJson(WireType.Struct s, Map<?, ?> values, ObjectNode o) {
        for (WireType.Field f : s.fields()) {
            o.set(f.name(), valueToJson(f.type(), values.get(f.name())));
        }
        return o;
    }

    static Object valueFromJson(WireType type, JsonNode n, String path) throws JsonShapeException {
        return switch (type) {
            case WireType.Bool b -> {
                if (!n.isBoolean()) {
                    throw new JsonShapeException(path + " must be true or false");
                }
                yield n.booleanValue();
            }
            case WireType.UInt u -> uintOf(n, u.bits(), path);
            case WireType.F32 f -> f32Of(n, path);
            case WireType.Str s -> {
                if (!n.isTextual()) {
                    throw new JsonShapeException(path + " must be a string");
                }
                yield n.textValue();
            }
            case WireType.Opt o -> n.isNull() ? null : valueFromJson(o.inner(), n, path);
            case WireType.Newtype nt -> valueFromJson(nt.inner(), n, path);
            case WireType.Seq s -> {
                if (!n.isArray()) {
                    throw new JsonShapeException(path + " must be an array");
                }
                List<Object> list = new ArrayList<>();
                int i = 0;
                for (JsonNode e : n) {
                    list.add(valueFromJson(s.element(), e, path + "[" + i++ + "]"));
                }
                yield list;
            }
            case WireType.Struct s -> {
                Fields f = new Fields(n, path);
                Map<String, Object> m = fieldsFromJson(s, f, path);
                f.done();
                yield m;
            }
            case WireType.Enum e -> {
                Fields f = new Fields(n, path);
                String name = f.type();
                int index = e.indexOf(name);
                if (index < 0) {
                    throw new JsonShapeException(path + ": unknown variant '" + name + "'");
                }
                WireType.Variant v = e.variants().get(index);
                Object body = switch (v.shape()) {
                    case UNIT -> null;
                    case NEWTYPE -> valueFromJson(v.body(), f.node("value"), path + ".value");
                    case STRUCT -> fieldsFromJson((WireType.Struct) v.body(), f, path);
                };
                f.done();
                yield new EnumValue(name, body);
            }
        };
    }

    private static Map<String, Object> fieldsFromJson(WireType.Struct s, Fields f, String path)
            throws JsonShapeException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (WireType.Field field : s.fields()) {
            m.put(field.name(), valueFromJson(field.type(), f.node(field.name()), path + "." + field.name()));
        }
        return m;
    }

    static long uintOf(JsonNode n, int bits, String path) throws JsonShapeException {
        if (!n.isIntegralNumber()) {
            throw new JsonShapeException(path + " must be an unsigned integer");
        }
        BigInteger v = n.bigIntegerValue();
        BigInteger max = bits == 64 ? U64_MAX : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (v.signum() < 0 || v.compareTo(max) > 0) {
            throw new JsonShapeException(path + " " + v + " out of range for u" + bits);
        }
        return v.longValue();
    }

    static float f32Of(JsonNode n, String path) throws JsonShapeException {
        if (!n.isNumber()) {
            throw new JsonShapeException(path + " must be a number");
        }
        return n.floatValue();
    }

    /** Reads an object's fields once each and rejects leftovers. */
    private static final class Fields {
        private final JsonNode node;
        private final String what;
        private final Set<String> used = new HashSet<>();

        Fields(JsonNode node, String what) throws JsonShapeException {
            if (node == null || !node.isObject()) {
                throw new JsonShapeException(what + " must be a JSON object");
            }
            this.node = node;
            this.what = what;
        }

        String type() throws JsonShapeException {
            JsonNode t = node("type");
            if (!t.isTextual()) {
                throw new JsonShapeException(what + " \"type\" must be a string");
            }
            return t.textValue();
        }

        JsonNode node(String name) throws JsonShapeException {
            JsonNode v = node.get(name);
            if (v == null) {
                throw new JsonShapeException(what + ": missing field '" + name + "'");
            }
            used.add(name);
            return v;
        }

        long u64(String name) throws JsonShapeException {
            return uint(name, 64);
        }

        long uint(String name, int bits) throws JsonShapeException {
            return uintOf(node(name), bits, name);
        }

        float f32(String name) throws JsonShapeException {
            return f32Of(node(name), name);
        }

        boolean bool(String name) throws JsonShapeException {
            JsonNode v = node(name);
            if (!v.isBoolean()) {
                throw new JsonShapeException(name + " must be true or false");
            }
            return v.booleanValue();
        }

        String str(String name) throws JsonShapeException {
            JsonNode v = node(name);
            if (!v.isTextual()) {
                throw new JsonShapeException(name + " must be a string");
            }
            return v.textValue();
        }

        byte[] hex(String name) throws JsonShapeException {
            String s = str(name);
            try {
                return WireCommand.parseHex(s);
            } catch (WireCommand.HexException e) {
                throw new JsonShapeException(name + ": " + e.getMessage());
            }
        }

        void done() throws JsonShapeException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!used.contains(name)) {
                    throw new JsonShapeException(what + ": unknown field '" + name + "'");
                }
            }
        }
    }
}
