package dev.aetheris.replication;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.WireType;
import java.util.List;

/**
 * What a world replicates: its components (wire layouts from the protocol, plus visibility), their
 * fields with type, range and precision, and which two fields are an entity's position for
 * interest management. A world declares it once with {@link #builder()} and creates its
 * {@link EntityStore} from it.
 *
 * <p>Handles: components and fields are addressed by small ints resolved once, at setup, with
 * {@link #component(ComponentSchema)} and {@link #field(ComponentSchema, String)}; the store's
 * accessors take those ints, so a hot loop never looks anything up by name.
 *
 * <p>Example:
 * <pre>{@code
 * ReplicationSchema schema = ReplicationSchema.builder()
 *         .component(Components.TRANSFORM, Visibility.EVERYONE)
 *             .range("x", -2048, 2048, 0.01).range("y", -2048, 2048, 0.01)
 *         .component(Components.CARGO_HOLD, Visibility.OWNER)
 *         .position(Components.TRANSFORM, "x", "y")
 *         .build();
 * int x = schema.field(Components.TRANSFORM, "x");
 * }</pre>
 *
 * <p><b>Threading.</b> Immutable once built; safe to share between threads and rooms.
 */
public final class ReplicationSchema {
    /** Most components one schema may declare (an entity's components are a {@code long} mask). */
    public static final int MAX_COMPONENTS = 64;
    /** Returned by {@link #componentOfKind} for a kind the schema does not replicate. */
    public static final int ABSENT = -1;

    private final List<ReplicatedComponent> components;
    private final List<ReplicatedField> fields;
    private final int positionX;
    private final int positionY;
    // Flat copies of what the store checks on every write.
    private final FieldType[] fieldType;
    private final int[] fieldComponent;
    private final long[] fieldMax;
    private final long[] unitVariants;

    ReplicationSchema(List<ReplicatedComponent> components, List<ReplicatedField> fields, int positionX,
                      int positionY) {
        this.components = List.copyOf(components);
        this.fields = List.copyOf(fields);
        this.positionX = positionX;
        this.positionY = positionY;
        int n = fields.size();
        fieldType = new FieldType[n];
        fieldComponent = new int[n];
        fieldMax = new long[n];
        unitVariants = new long[n];
        for (ReplicatedField f : fields) {
            int h = f.handle();
            fieldType[h] = f.type();
            fieldComponent[h] = f.component();
            fieldMax[h] = switch (f.wire()) {
                case WireType.UInt u -> u.max();
                case WireType.Enum e -> e.variants().size() - 1;
                default -> -1L;
            };
            if (f.wire() instanceof WireType.Enum e) {
                for (int v = 0; v < e.variants().size() && v < 64; v++) {
                    if (e.variants().get(v).shape() == WireType.Variant.Shape.UNIT) {
                        unitVariants[h] |= 1L << v;
                    }
                }
            }
        }
    }

    /** Starts declaring a schema. */
    public static SchemaBuilder builder() {
        return new SchemaBuilder();
    }

    /** Number of components; handles are {@code 0 .. componentCount() - 1}. */
    public int componentCount() {
        return components.size();
    }

    /** Number of fields over all components; handles are {@code 0 .. fieldCount() - 1}. */
    public int fieldCount() {
        return fields.size();
    }

    /** The components in declaration order (index = handle). */
    public List<ReplicatedComponent> components() {
        return components;
    }

    /** The component with handle {@code handle}. */
    public ReplicatedComponent componentAt(int handle) {
        return components.get(handle);
    }

    /** The field with handle {@code handle}. */
    public ReplicatedField fieldAt(int handle) {
        return fields.get(handle);
    }

    /**
     * The handle of {@code wire}'s component.
     *
     * @throws IllegalArgumentException if the schema does not replicate it
     */
    public int component(ComponentSchema wire) {
        int h = componentOfKind(wire.kind());
        if (h == ABSENT) {
            throw new IllegalArgumentException("component " + wire.name() + " is not in this replication schema");
        }
        return h;
    }

    /** The handle of the component with wire kind {@code kind}, or {@link #ABSENT}. Allocation-free. */
    public int componentOfKind(int kind) {
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).wire().kind() == kind) {
                return i;
            }
        }
        return ABSENT;
    }

    /**
     * The handle of field {@code name} of {@code wire}'s component.
     *
     * @throws IllegalArgumentException if the component is not replicated or has no such field
     */
    public int field(ComponentSchema wire, String name) {
        ReplicatedComponent c = componentAt(component(wire));
        for (int f = c.firstField(); f < c.firstField() + c.fieldCount(); f++) {
            if (fields.get(f).name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("component " + wire.name() + " has no field '" + name + "'");
    }

    /** The bit mask of the given component handles, for {@link EntityStore#spawn}. */
    public long mask(int... componentHandles) {
        long m = 0;
        for (int h : componentHandles) {
            if (h < 0 || h >= components.size()) {
                throw new IllegalArgumentException("no component handle " + h);
            }
            m |= 1L << h;
        }
        return m;
    }

    /** Field handle of the position's x, or {@link #ABSENT} if the schema declares no position. */
    public int positionX() {
        return positionX;
    }

    /** Field handle of the position's y, or {@link #ABSENT} if the schema declares no position. */
    public int positionY() {
        return positionY;
    }

    FieldType type(int field) {
        return fieldType[field];
    }

    int componentOf(int field) {
        return fieldComponent[field];
    }

    /** Refuses a value a {@code long} column of {@code field}'s type cannot hold. */
    void checkValue(int field, long value) {
        boolean ok = switch (fieldType[field]) {
            case UINT -> Long.compareUnsigned(value, fieldMax[field]) <= 0;
            case ENUM -> value >= 0 && value < 64 && (unitVariants[field] & (1L << value)) != 0;
            case BOOL -> value == 0 || value == 1;
            case OPTIONAL_ID -> true;
            case F32, STRING -> false;
        };
        if (!ok) {
            ReplicatedField f = fields.get(field);
            throw new IllegalArgumentException(components.get(f.component()).wire().name() + "." + f.name() + ": "
                    + Long.toUnsignedString(value) + " is not a valid " + f.type() + " value for " + f.wire());
        }
    }
}
