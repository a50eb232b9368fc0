package dev.aetheris.testkit;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.WireType;
import dev.aetheris.protocol.seam.ReplicationSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A {@link ReplicationSink} for tests: records every call as plain values and checks each
 * component value against its schema's {@link WireType} tree, so a world that writes a wrong type
 * or a wrong number of fields fails with {@link IllegalStateException} exactly as a codec would.
 *
 * <p>In {@linkplain #counting() counting mode} nothing is recorded or validated and nothing is
 * allocated: only spawns, despawns, components and field writes are counted (for allocation tests
 * and benchmarks).
 *
 * <p>Not thread-safe.
 */
public final class RecordingReplicationSink implements ReplicationSink {

    /** One recorded call. */
    public sealed interface Entry {
        /** The entity the call was about. */
        long networkId();
    }

    /** @param networkId the entity @param kind its entity kind */
    public record Spawned(long networkId, int kind) implements Entry {
    }

    /** @param networkId the entity */
    public record Despawned(long networkId) implements Entry {
    }

    /**
     * A component value as written, flattened depth-first: {@code Boolean}, {@code Long} (unsigned
     * fields), {@code Float}, {@code String}, {@link #NONE} for an absent option, {@link VariantIndex}
     * for an enum start and {@link SeqLength} for a sequence start.
     *
     * @param networkId the entity
     * @param schema    the component layout
     * @param values    the written values
     */
    public record Component(long networkId, ComponentSchema schema, List<Object> values) implements Entry {
        /** Copies the values (nulls are not used, so an unmodifiable copy is safe). */
        public Component {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** @param index the variant written */
    public record VariantIndex(int index) {
    }

    /** @param length the sequence length written */
    public record SeqLength(int length) {
    }

    /** Marker written for an absent {@code Option}. */
    public static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private final boolean counting;
    private final List<Entry> entries = new ArrayList<>();
    private final Writer writer = new Writer();
    private long spawnCount;
    private long despawnCount;
    private long componentCount;
    private long fieldCount;

    private RecordingReplicationSink(boolean counting) {
        this.counting = counting;
    }

    /** A sink that records and validates every call. */
    public static RecordingReplicationSink recording() {
        return new RecordingReplicationSink(false);
    }

    /** A sink that only counts and allocates nothing. */
    public static RecordingReplicationSink counting() {
        return new RecordingReplicationSink(true);
    }

    @Override
    public ComponentWriter component(long networkId, ComponentSchema schema) {
        if (writer.open) {
            throw new IllegalStateException("component " + schema.name() + " started before the previous "
                    + writer.schema.name() + " was ended");
        }
        componentCount++;
        writer.begin(networkId, schema);
        return writer;
    }

    @Override
    public void spawned(long networkId, int entityKind) {
        spawnCount++;
        if (!counting) {
            entries.add(new Spawned(networkId, entityKind));
        }
    }

    @Override
    public void despawned(long networkId) {
        despawnCount++;
        if (!counting) {
            entries.add(new Despawned(networkId));
        }
    }

    /** Forgets every recorded call and count. */
    public void clear() {
        if (writer.open) {
            throw new IllegalStateException("clear() while component " + writer.schema.name() + " is open");
        }
        entries.clear();
        spawnCount = 0;
        despawnCount = 0;
        componentCount = 0;
        fieldCount = 0;
    }

    /** Every recorded call in order (empty in counting mode). */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Recorded component values of {@code schema} for {@code networkId}, in order. */
    public List<Component> components(long networkId, ComponentSchema schema) {
        List<Component> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e instanceof Component c && c.networkId() == networkId && c.schema().kind() == schema.kind()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Recorded components of any entity with {@code schema}. */
    public List<Component> components(ComponentSchema schema) {
        List<Component> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e instanceof Component c && c.schema().kind() == schema.kind()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Recorded spawns. */
    public List<Spawned> spawns() {
        List<Spawned> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e instanceof Spawned s) {
                out.add(s);
            }
        }
        return out;
    }

    /** Recorded despawns. */
    public List<Despawned> despawns() {
        List<Despawned> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e instanceof Despawned d) {
                out.add(d);
            }
        }
        return out;
    }

    /** Spawn notices seen since the last {@link #clear()}. */
    public long spawnCount() {
        return spawnCount;
    }

    /** Despawn notices seen since the last {@link #clear()}. */
    public long despawnCount() {
        return despawnCount;
    }

    /** Components started since the last {@link #clear()}. */
    public long componentCount() {
        return componentCount;
    }

    /** Individual writer calls (fields, variants, sequence starts) since the last {@link #clear()}. */
    public long fieldCount() {
        return fieldCount;
    }

    /** Validates calls against the schema tree by keeping a stack of shapes still to be written. */
    private final class Writer implements ComponentWriter {
        private final Deque<WireType> expected = new ArrayDeque<>();
        private final List<Object> values = new ArrayList<>();
        private boolean open;
        private long networkId;
        private ComponentSchema schema;

        void begin(long nid, ComponentSchema s) {
            open = true;
            networkId = nid;
            schema = s;
            if (!counting) {
                expected.clear();
                values.clear();
                expected.push(s.type());
            }
        }

        /** Pops the next leaf shape, unfolding structs, newtypes and (unless writing none) options. */
        private WireType next(String call, boolean forNone) {
            if (!open) {
                throw new IllegalStateException(call + " outside a component");
            }
            while (true) {
                if (expected.isEmpty()) {
                    throw new IllegalStateException(call + ": component " + schema.name()
                            + " has no more fields (too many values written)");
                }
                WireType t = expected.pop();
                switch (t) {
                    case WireType.Struct s -> {
                        for (int i = s.fields().size() - 1; i >= 0; i--) {
                            expected.push(s.fields().get(i).type());
                        }
                    }
                    case WireType.Newtype n -> expected.push(n.inner());
                    case WireType.Opt o -> {
                        if (forNone) {
                            return o;
                        }
                        expected.push(o.inner());
                    }
                    default -> {
                        return t;
                    }
                }
            }
        }

        private IllegalStateException mismatch(String call, WireType got) {
            return new IllegalStateException(call + " written where component " + schema.name()
                    + " expects " + got);
        }

        private ComponentWriter record(Object v) {
            values.add(v);
            return this;
        }

        @Override
        public ComponentWriter bool(boolean value) {
            fieldCount++;
            if (counting) {
                return this; // Counting mode: no validation, no boxing, no allocation.
            }
            WireType t = next("bool", false);
            if (!(t instanceof WireType.Bool)) {
                throw mismatch("bool", t);
            }
            return record(value);
        }

        @Override
        public ComponentWriter uint(long value) {
            fieldCount++;
            if (counting) {
                return this;
            }
            WireType t = next("uint", false);
            if (!(t instanceof WireType.UInt u)) {
                throw mismatch("uint", t);
            }
            if (u.bits() < 64 && (value < 0 || value > u.max())) {
                throw new IllegalStateException("uint " + value + " does not fit u" + u.bits()
                        + " in component " + schema.name());
            }
            return record(value);
        }

        @Override
        public ComponentWriter f32(float value) {
            fieldCount++;
            if (counting) {
                return this;
            }
            WireType t = next("f32", false);
            if (!(t instanceof WireType.F32)) {
                throw mismatch("f32", t);
            }
            return record(value);
        }

        @Override
        public ComponentWriter str(CharSequence value) {
            fieldCount++;
            if (counting) {
                return this;
            }
            WireType t = next("str", false);
            if (!(t instanceof WireType.Str s)) {
                throw mismatch("str", t);
            }
            int bytes = value.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > s.maxBytes()) {
                throw new IllegalStateException("string of " + bytes + " bytes exceeds " + s.maxBytes()
                        + " in component " + schema.name());
            }
            return record(value.toString());
        }

        @Override
        public ComponentWriter none() {
            fieldCount++;
            if (counting) {
                return this;
            }
            WireType t = next("none", true);
            if (!(t instanceof WireType.Opt)) {
                throw mismatch("none", t);
            }
            return record(NONE);
        }

        @Override
        public ComponentWriter variant(int index) {
            fieldCount++;
            if (counting) {
                return this;
            }
            WireType t = next("variant", false);
            if (!(t instanceof WireType.Enum e)) {
                throw mismatch("variant", t);
            }
            if (index < 0 || index >= e.variants().size()) {
                throw new IllegalStateException("variant " + index + " out of range 0.."
                        + (e.variants().size() - 1) + " in component " + schema.name());
            }
            WireType.Variant v = e.variants().get(index);
            if (v.shape() != WireType.Variant.Shape.UNIT) {
                expected.push(v.body());
            }
            return record(new VariantIndex(index));
        }

        @Override
        public ComponentWriter sequence(int length) {
            fieldCount++;
            if (counting) {
                return this;
            }
            WireType t = next("sequence", false);
            if (!(t instanceof WireType.Seq s)) {
                throw mismatch("sequence", t);
            }
            if (length < 0 || length > s.maxLength()) {
                throw new IllegalStateException("sequence length " + length + " outside 0.." + s.maxLength()
                        + " in component " + schema.name());
            }
            for (int i = 0; i < length; i++) {
                expected.push(s.element());
            }
            return record(new SeqLength(length));
        }

        @Override
        public void end() {
            if (!open) {
                throw new IllegalStateException("end() outside a component");
            }
            open = false;
            if (!counting) {
                if (!expected.isEmpty()) {
                    throw new IllegalStateException("component " + schema.name() + " ended with "
                            + expected.size() + " value(s) missing; next expected " + expected.peek());
                }
                entries.add(new Component(networkId, schema, values));
            }
        }
    }
}
