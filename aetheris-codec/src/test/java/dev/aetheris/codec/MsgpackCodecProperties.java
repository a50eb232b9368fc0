package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.WireType;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MsgpackCodecProperties {
    private final MsgpackCodec codec = new MsgpackCodec();

    // ------------------------------------------------------------ generators

    static Arbitrary<Long> u64() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 300),
                Arbitraries.of(0L, 127L, 128L, 255L, 256L, 65535L, 65536L, 0xffff_ffffL, 0x1_0000_0000L, -1L,
                        Long.MAX_VALUE, Long.MIN_VALUE));
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 0xffff), Arbitraries.of(0, 127, 128, 255, 256, 65535));
    }

    static Arbitrary<Float> finiteF32() {
        return Arbitraries.oneOf(Arbitraries.floats(), Arbitraries.of(0f, -0f, 1.5f, Float.MAX_VALUE, -Float.MIN_VALUE))
                .filter(Float::isFinite);
    }

    static Arbitrary<Float> anyF32() {
        return Arbitraries.oneOf(finiteF32(), Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
    }

    static Arbitrary<String> text(int maxBytes) {
        return Arbitraries.strings().all().ofMaxLength(Math.min(maxBytes, 300))
                .filter(s -> {
                    int n = MsgpackOut.utf8Length(s);
                    return n >= 0 && n <= maxBytes;
                });
    }

    static Arbitrary<byte[]> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    static Arbitrary<ReplicationEvent> replicationEvents() {
        return Combinators.combine(u64(), u16(), bytes(300), u64()).as(ReplicationEvent::new);
    }

    static Arbitrary<GameEvent> gameEvents() {
        return Arbitraries.oneOf(
                u64().map(GameEvent.AsteroidDepleted::new),
                u64().map(GameEvent.Possession::new),
                Arbitraries.maps(text(40), text(40)).ofMaxSize(6).map(m -> new GameEvent.SystemManifest(new TreeMap<>(m))),
                Combinators.combine(u64(), u64(), u16()).as(GameEvent.DamageEvent::new),
                u64().map(GameEvent.DeathEvent::new),
                Combinators.combine(u64(), finiteF32(), finiteF32()).as(GameEvent.RespawnEvent::new),
                Combinators.combine(u64(), u16()).as(GameEvent.CargoCollected::new));
    }

    @Provide
    static Arbitrary<WireEvent> wireEvents() {
        return Arbitraries.oneOf(List.of(
                u64().map(WireEvent.Ping::new),
                u64().map(WireEvent.Pong::new),
                text(600).map(WireEvent.Auth::new),
                Combinators.combine(Arbitraries.longs().between(0, 0xffff_ffffL), u16(), u16(), bytes(400))
                        .as((id, i, t, p) -> new WireEvent.Fragment(new FragmentedEvent(id, i, t, p))),
                Combinators.combine(u16(), Arbitraries.of(true, false)).as(WireEvent.StressTest::new),
                Combinators.combine(u16(), finiteF32(), finiteF32(), finiteF32()).as(WireEvent.Spawn::new),
                Arbitraries.just(new WireEvent.ClearWorld()),
                Arbitraries.just(new WireEvent.StartSession()),
                Arbitraries.just(new WireEvent.RequestSystemManifest()),
                gameEvents().map(WireEvent.GameEvent::new),
                replicationEvents().list().ofMaxSize(20).map(WireEvent.ReplicationBatch::new),
                Combinators.combine(u64(), u16()).as(WireEvent.EntitySpawned::new),
                u64().map(WireEvent.EntityDespawned::new)));
    }

    /** A random value tree for any schema shape. */
    static Arbitrary<Object> valueOf(WireType type) {
        return switch (type) {
            case WireType.Bool b -> Arbitraries.of(true, false).map(x -> (Object) x);
            case WireType.UInt u -> u.bits() == 64 ? u64().map(x -> (Object) x)
                    : Arbitraries.longs().between(0, u.max()).map(x -> (Object) x);
            case WireType.F32 f -> anyF32().map(x -> (Object) x);
            case WireType.Str s -> text(s.maxBytes()).map(x -> (Object) x);
            case WireType.Opt o -> valueOf(o.inner()).injectNull(0.3);
            case WireType.Seq s -> valueOf(s.element()).list().ofMaxSize(Math.min(s.maxLength(), 10)).map(x -> (Object) x);
            case WireType.Newtype n -> valueOf(n.inner());
            case WireType.Struct s -> structOf(s);
            case WireType.Enum e -> Arbitraries.integers().between(0, e.variants().size() - 1).flatMap(i -> {
                WireType.Variant v = e.variants().get(i);
                return switch (v.shape()) {
                    case UNIT -> Arbitraries.just((Object) EnumValue.unit(v.name()));
                    case NEWTYPE -> valueOf(v.body()).map(b -> (Object) new EnumValue(v.name(), b));
                    case STRUCT -> structOf((WireType.Struct) v.body()).map(b -> (Object) new EnumValue(v.name(), b));
                };
            });
        };
    }

    static Arbitrary<Object> structOf(WireType.Struct s) {
        Arbitrary<List<Object>> fields = Arbitraries.just(List.of());
        for (WireType.Field f : s.fields()) {
            fields = Combinators.combine(fields, valueOf(f.type())).as((l, v) -> {
                List<Object> next = new ArrayList<>(l);
                next.add(v);
                return next;
            });
        }
        return fields.map(values -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                m.put(s.fields().get(i).name(), values.get(i));
            }
            return m;
        });
    }

    record SchemaValue(ComponentSchema schema, Object value) {
    }

    @Provide
    static Arbitrary<SchemaValue> componentValues() {
        return Arbitraries.of(Components.ALL).flatMap(s -> valueOf(s.type()).map(v -> new SchemaValue(s, v)));
    }

    // ------------------------------------------------------------ round trips

    @Property(tries = 1500)
    void eventEncodeDecodeIsIdentity(@ForAll("wireEvents") WireEvent event) throws CodecException {
        byte[] out = new byte[70_000];
        int n = codec.encodeEvent(event, out, 3);
        assertThat(codec.decodeEvent(out, 3, n)).isEqualTo(event);
    }

    @Property(tries = 1500)
    void componentEncodeDecodeIsIdentity(@ForAll("componentValues") SchemaValue sv) throws CodecException {
        byte[] bytes = ComponentValues.encode(sv.schema(), sv.value());
        assertThat(ComponentValues.decode(sv.schema(), bytes)).isEqualTo(sv.value());
        byte[] frame = new byte[bytes.length + 32];
        int n = codec.encode(new ReplicationEvent(7, sv.schema().kind(), bytes, 9), frame, 0);
        assertThat(codec.decode(frame, 0, n).payload()).isEqualTo(bytes);
    }

    @Property(tries = 500)
    void replicationFrameRoundTrips(@ForAll("replication") ReplicationEvent e) throws CodecException {
        byte[] out = new byte[2000];
        int n = codec.encode(e, out, 0);
        var u = codec.decode(out, 0, n);
        assertThat(u.networkId()).isEqualTo(e.networkId());
        assertThat(u.componentKind()).isEqualTo(e.componentKind());
        assertThat(u.tick()).isEqualTo(e.tick());
        assertThat(u.payload()).isEqualTo(e.payload());
    }

    @Provide
    Arbitrary<ReplicationEvent> replication() {
        return replicationEvents();
    }

    /** The tick's batch pieces concatenate to exactly the event encoding of the whole batch. */
    @Property(tries = 500)
    void batchHeaderPlusRecordsEqualsEncodedBatch(@ForAll("batches") List<ReplicationEvent> events)
            throws CodecException {
        byte[] whole = new byte[1 << 20];
        int n = codec.encodeEvent(new WireEvent.ReplicationBatch(events), whole, 0);

        byte[] pieces = new byte[1 << 20];
        int p = codec.writeBatchHeader(events.size(), pieces, 0);
        assertThat(p).isEqualTo(codec.batchHeaderSize(events.size()));
        for (ReplicationEvent e : events) {
            byte[] padded = new byte[e.payload().length + 5];
            System.arraycopy(e.payload(), 0, padded, 2, e.payload().length);
            p += codec.encodeBatchRecord(e.networkId(), e.componentKind(), padded, 2, e.payload().length, e.tick(),
                    pieces, p);
        }
        assertThat(p).isEqualTo(n);
        assertThat(Arrays.copyOf(pieces, p)).isEqualTo(Arrays.copyOf(whole, n));
    }

    @Provide
    Arbitrary<List<ReplicationEvent>> batches() {
        return Arbitraries.oneOf(replicationEvents().list().ofMaxSize(20), replicationEvents().list().ofMinSize(15).ofMaxSize(40));
    }

    /** Overflow is typed and exact: the needed size equals the real encoding's size. */
    @Property(tries = 500)
    void overflowReportsTheExactSize(@ForAll("wireEvents") WireEvent event, @ForAll @IntRange(min = 0, max = 100) int pct)
            throws CodecException {
        byte[] big = new byte[70_000];
        int size = codec.encodeEvent(event, big, 0);
        int available = size * pct / 100 - (pct == 100 ? 1 : 0);
        if (available < 0) {
            return;
        }
        byte[] small = new byte[available];
        assertThatThrownBy(() -> codec.encodeEvent(event, small, 0))
                .isInstanceOfSatisfying(CodecException.class, ex -> assertThat(ex.error())
                        .isEqualTo(new CodecError.BufferOverflow(size, available)));
    }

    // ------------------------------------------------------------ hostile input

    private void onlyTypedErrors(byte[] in) {
        List<ThrowingDecode> decoders = new ArrayList<>(List.of(
                () -> codec.decodeEvent(in, 0, in.length),
                () -> codec.decode(in, 0, in.length),
                () -> codec.decodeInput(in, 0, in.length)));
        for (ComponentSchema s : Components.ALL) {
            decoders.add(() -> ComponentValues.decode(s, in));
        }
        for (ThrowingDecode d : decoders) {
            try {
                d.run();
            } catch (CodecException e) {
                assertThat(e.error()).isNotNull();
                if (e.error() instanceof CodecError.MalformedPayload m) {
                    assertThat(m.offset()).isBetween(0, in.length);
                }
            }
        }
    }

    interface ThrowingDecode {
        Object run() throws CodecException;
    }

    @Property(tries = 3000)
    void randomBytesOnlyEverGiveTypedErrors(@ForAll @Size(max = 64) byte[] in) {
        onlyTypedErrors(in);
    }

    @Property(tries = 2000)
    void mutatedEncodingsOnlyEverGiveTypedErrors(@ForAll("wireEvents") WireEvent event, @ForAll long seed)
            throws CodecException {
        byte[] out = new byte[70_000];
        int n = codec.encodeEvent(event, out, 0);
        byte[] valid = Arrays.copyOf(out, n);
        Random rnd = new Random(seed);
        for (int round = 0; round < 8; round++) {
            onlyTypedErrors(mutate(valid, rnd));
        }
    }

    @Property(tries = 1000)
    void mutatedComponentsOnlyEverGiveTypedErrors(@ForAll("componentValues") SchemaValue sv, @ForAll long seed)
            throws CodecException {
        byte[] valid = ComponentValues.encode(sv.schema(), sv.value());
        Random rnd = new Random(seed);
        for (int round = 0; round < 8; round++) {
            onlyTypedErrors(mutate(valid, rnd));
        }
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        int len = b.length;
        switch (rnd.nextInt(5)) {
            case 0 -> {
                if (len > 0) {
                    b[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(len + 1));
            case 2 -> {
                int at = rnd.nextInt(len + 1);
                byte[] c = new byte[len + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + 1, len - at);
                b = c;
            }
            case 3 -> {
                if (len > 0) {
                    int at = rnd.nextInt(len);
                    byte[] c = new byte[len - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, len - at - 1);
                    b = c;
                }
            }
            default -> {
                // Interesting markers: lengths, containers, extremes.
                if (len > 0) {
                    int[] markers = {0xc0, 0xc1, 0xc4, 0xd9, 0xdc, 0xdd, 0xde, 0xdf, 0xc6, 0xdb, 0x9f, 0x8f, 0xbf, 0xff, 0xcf};
                    b[rnd.nextInt(len)] = (byte) markers[rnd.nextInt(markers.length)];
                }
            }
        }
        return b;
    }
}
