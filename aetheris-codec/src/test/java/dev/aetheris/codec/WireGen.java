package dev.aetheris.codec;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.WireType;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.testkit.Trials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random wire values for the codec's property tests, biased towards the edges where MessagePack
 * changes representation (fixint/u8/u16/u32/u64, fixstr/str8/str16, fixarray/array16).
 */
final class WireGen {
    private static final long[] U64_EDGES = {0L, 127L, 128L, 255L, 256L, 65535L, 65536L, 0xffff_ffffL,
        0x1_0000_0000L, -1L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final long[] U16_EDGES = {0, 127, 128, 255, 256, 65535};
    private static final float[] F32_EDGES = {0f, -0f, 1.5f, Float.MAX_VALUE, -Float.MIN_VALUE};
    private static final float[] NON_FINITE = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    private WireGen() {
    }

    static long u64(Random rnd) {
        return rnd.nextBoolean() ? Trials.withEdges(rnd, Long.MIN_VALUE, Long.MAX_VALUE, U64_EDGES)
                : Trials.withEdges(rnd, 0, 300, U64_EDGES);
    }

    static int u16(Random rnd) {
        return (int) Trials.withEdges(rnd, 0, 0xffff, U16_EDGES);
    }

    static float finiteF32(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return F32_EDGES[rnd.nextInt(F32_EDGES.length)];
        }
        float f;
        do {
            f = rnd.nextBoolean() ? Float.intBitsToFloat(rnd.nextInt()) : rnd.nextFloat(-1000f, 1000f);
        } while (!Float.isFinite(f));
        return f;
    }

    static float anyF32(Random rnd) {
        return rnd.nextInt(8) == 0 ? NON_FINITE[rnd.nextInt(NON_FINITE.length)] : finiteF32(rnd);
    }

    /** Valid Unicode text of at most {@code maxBytes} UTF-8 bytes: ASCII, BMP and supplementary code points. */
    static String text(Random rnd, int maxBytes) {
        StringBuilder sb = new StringBuilder();
        int budget = rnd.nextInt(Math.min(maxBytes, 600) + 1);
        int bytes = 0;
        while (true) {
            int cp = switch (rnd.nextInt(4)) {
                case 0, 1 -> rnd.nextInt(0x80);
                case 2 -> rnd.nextInt(0x80, 0xd800);
                default -> rnd.nextInt(0x10000, 0x110000);
            };
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > budget) {
                return sb.toString();
            }
            bytes += n;
            sb.appendCodePoint(cp);
        }
    }

    static ReplicationEvent replicationEvent(Random rnd) {
        return new ReplicationEvent(u64(rnd), u16(rnd), Trials.bytes(rnd, 300), u64(rnd));
    }

    static List<ReplicationEvent> replicationEvents(Random rnd, int min, int max) {
        List<ReplicationEvent> out = new ArrayList<>();
        for (int i = rnd.nextInt(min, max + 1); i > 0; i--) {
            out.add(replicationEvent(rnd));
        }
        return out;
    }

    static GameEvent gameEvent(Random rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> new GameEvent.AsteroidDepleted(u64(rnd));
            case 1 -> new GameEvent.Possession(u64(rnd));
            case 2 -> {
                TreeMap<String, String> m = new TreeMap<>();
                for (int i = rnd.nextInt(7); i > 0; i--) {
                    m.put(text(rnd, 40), text(rnd, 40));
                }
                yield new GameEvent.SystemManifest(m);
            }
            case 3 -> new GameEvent.DamageEvent(u64(rnd), u64(rnd), u16(rnd));
            case 4 -> new GameEvent.DeathEvent(u64(rnd));
            case 5 -> new GameEvent.RespawnEvent(u64(rnd), finiteF32(rnd), finiteF32(rnd));
            default -> new GameEvent.CargoCollected(u64(rnd), u16(rnd));
        };
    }

    /** Any of the 13 wire events, uniformly by variant. */
    static WireEvent wireEvent(Random rnd) {
        return switch (rnd.nextInt(13)) {
            case 0 -> new WireEvent.Ping(u64(rnd));
            case 1 -> new WireEvent.Pong(u64(rnd));
            case 2 -> new WireEvent.Auth(text(rnd, 600));
            case 3 -> new WireEvent.Fragment(new FragmentedEvent(rnd.nextLong(0x1_0000_0000L), u16(rnd), u16(rnd),
                    Trials.bytes(rnd, 400)));
            case 4 -> new WireEvent.StressTest(u16(rnd), rnd.nextBoolean());
            case 5 -> new WireEvent.Spawn(u16(rnd), finiteF32(rnd), finiteF32(rnd), finiteF32(rnd));
            case 6 -> new WireEvent.ClearWorld();
            case 7 -> new WireEvent.StartSession();
            case 8 -> new WireEvent.RequestSystemManifest();
            case 9 -> new WireEvent.GameEvent(gameEvent(rnd));
            case 10 -> new WireEvent.ReplicationBatch(replicationEvents(rnd, 0, 20));
            case 11 -> new WireEvent.EntitySpawned(u64(rnd), u16(rnd));
            default -> new WireEvent.EntityDespawned(u64(rnd));
        };
    }

    /** A component schema and a random value tree of its shape. */
    record SchemaValue(ComponentSchema schema, Object value) {
    }

    static SchemaValue componentValue(Random rnd) {
        ComponentSchema s = Components.ALL.get(rnd.nextInt(Components.ALL.size()));
        return new SchemaValue(s, valueOf(rnd, s.type()));
    }

    /** A random value tree for any schema shape. */
    static Object valueOf(Random rnd, WireType type) {
        return switch (type) {
            case WireType.Bool b -> rnd.nextBoolean();
            case WireType.UInt u -> u.bits() == 64 ? u64(rnd) : Trials.withEdges(rnd, 0, u.max(), 0, u.max());
            case WireType.F32 f -> anyF32(rnd);
            case WireType.Str s -> text(rnd, s.maxBytes());
            case WireType.Opt o -> rnd.nextInt(10) < 3 ? null : valueOf(rnd, o.inner());
            case WireType.Seq s -> {
                List<Object> list = new ArrayList<>();
                for (int i = rnd.nextInt(Math.min(s.maxLength(), 10) + 1); i > 0; i--) {
                    list.add(valueOf(rnd, s.element()));
                }
                yield list;
            }
            case WireType.Newtype n -> valueOf(rnd, n.inner());
            case WireType.Struct s -> structOf(rnd, s);
            case WireType.Enum e -> {
                WireType.Variant v = e.variants().get(rnd.nextInt(e.variants().size()));
                yield switch (v.shape()) {
                    case UNIT -> EnumValue.unit(v.name());
                    case NEWTYPE -> new EnumValue(v.name(), valueOf(rnd, v.body()));
                    case STRUCT -> new EnumValue(v.name(), structOf(rnd, (WireType.Struct) v.body()));
                };
            }
        };
    }

    private static Map<String, Object> structOf(Random rnd, WireType.Struct s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (WireType.Field f : s.fields()) {
            m.put(f.name(), valueOf(rnd, f.type()));
        }
        return m;
    }
}
