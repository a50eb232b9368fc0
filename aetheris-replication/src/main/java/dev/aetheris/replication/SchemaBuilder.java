package dev.aetheris.replication;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.WireType;
import java.util.ArrayList;
import java.util.List;

/**
 * Declares a {@link ReplicationSchema}: components in order, optional ranges for the fields of the
 * component declared last, and the position fields. Each field of a component is a leaf of its
 * wire layout, in depth-first order; ranges default to what the layout allows (an unsigned
 * width's bounds, an enum's variant count, an exact unbounded {@code f32}).
 *
 * <p>Layouts the store cannot hold raise {@link IllegalArgumentException} at declaration:
 * sequences, and options of anything but a {@code u64} network id.
 *
 * <p><b>Threading.</b> Not thread-safe; use it on one thread, then share the built schema.
 */
public final class SchemaBuilder {
    private final List<ReplicatedComponent> components = new ArrayList<>();
    private final List<ReplicatedField> fields = new ArrayList<>();
    private ComponentSchema positionComponent;
    private String positionX;
    private String positionY;

    SchemaBuilder() {
    }

    /**
     * Declares a replicated component; its handle is the number of components declared before.
     *
     * @throws IllegalArgumentException if it is already declared, if more than
     *                                  {@link ReplicationSchema#MAX_COMPONENTS} are declared, or if
     *                                  its layout cannot be stored
     */
    public SchemaBuilder component(ComponentSchema wire, Visibility visibility) {
        for (ReplicatedComponent c : components) {
            if (c.wire().kind() == wire.kind()) {
                throw new IllegalArgumentException("component " + wire.name() + " is declared twice");
            }
        }
        if (components.size() == ReplicationSchema.MAX_COMPONENTS) {
            throw new IllegalArgumentException("a schema holds at most " + ReplicationSchema.MAX_COMPONENTS
                    + " components; " + wire.name() + " is one too many");
        }
        int handle = components.size();
        int first = fields.size();
        if (wire.type() instanceof WireType.Struct s) {
            for (WireType.Field f : s.fields()) {
                leaf(wire, handle, f.name(), f.type());
            }
        } else {
            leaf(wire, handle, "value", wire.type());
        }
        components.add(new ReplicatedComponent(handle, wire, visibility, first, fields.size() - first));
        return this;
    }

    /**
     * Sets the range and precision of field {@code name} of the component declared last.
     *
     * @throws IllegalArgumentException if there is no such field, if its type has no range (bool,
     *                                  enum, optional id, string), or if the bounds are not finite,
     *                                  not increasing, or outside what the layout can hold
     */
    public SchemaBuilder range(String name, double min, double max, double precision) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("declare a component before its ranges");
        }
        ReplicatedComponent c = components.getLast();
        for (int h = c.firstField(); h < c.firstField() + c.fieldCount(); h++) {
            ReplicatedField f = fields.get(h);
            if (f.name().equals(name)) {
                checkRange(c.wire(), f, min, max, precision);
                fields.set(h, new ReplicatedField(h, f.component(), f.name(), f.type(), f.wire(), min, max, precision));
                return this;
            }
        }
        throw new IllegalArgumentException("component " + c.wire().name() + " has no field '" + name + "'");
    }

    /**
     * Names the two {@code f32} fields of {@code wire} that hold an entity's position, which
     * interest management reads. Without a position every entity counts as being at the origin.
     */
    public SchemaBuilder position(ComponentSchema wire, String x, String y) {
        positionComponent = wire;
        positionX = x;
        positionY = y;
        return this;
    }

    /**
     * Builds the schema.
     *
     * @throws IllegalArgumentException if no component was declared or the position names an
     *                                  undeclared component or a field that is not {@code f32}
     */
    public ReplicationSchema build() {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a replication schema needs at least one component");
        }
        ReplicationSchema partial = new ReplicationSchema(components, fields, ReplicationSchema.ABSENT,
                ReplicationSchema.ABSENT);
        if (positionComponent == null) {
            return partial;
        }
        int x = partial.field(positionComponent, positionX);
        int y = partial.field(positionComponent, positionY);
        if (fields.get(x).type() != FieldType.F32 || fields.get(y).type() != FieldType.F32 || x == y) {
            throw new IllegalArgumentException("position fields must be two different f32 fields of "
                    + positionComponent.name());
        }
        return new ReplicationSchema(components, fields, x, y);
    }

    private void leaf(ComponentSchema wire, int component, String name, WireType type) {
        fields.add(leafField(wire, component, fields.size(), name, type));
    }

    private static ReplicatedField leafField(ComponentSchema wire, int component, int h, String name, WireType type) {
        return switch (type) {
            case WireType.Bool b -> new ReplicatedField(h, component, name, FieldType.BOOL, b, 0, 1, 1);
            case WireType.UInt u -> new ReplicatedField(h, component, name, FieldType.UINT, u, 0,
                    u.bits() == 64 ? 0x1p64 - 1 : u.max(), 1);
            case WireType.F32 f32 -> new ReplicatedField(h, component, name, FieldType.F32, f32,
                    -Float.MAX_VALUE, Float.MAX_VALUE, 0);
            case WireType.Enum e -> new ReplicatedField(h, component, name, FieldType.ENUM, e, 0,
                    Math.max(0, e.variants().size() - 1), 1);
            case WireType.Str s -> new ReplicatedField(h, component, name, FieldType.STRING, s, 0, 0, 0);
            case WireType.Opt(WireType.UInt(int bits)) when bits == 64 ->
                    new ReplicatedField(h, component, name, FieldType.OPTIONAL_ID, type, 0, 0x1p64 - 1, 1);
            case WireType.Newtype n -> leafField(wire, component, h, name, n.inner()); // transparent on the wire
            case WireType.Opt o -> throw unsupported(wire, name, "only Option<u64> (a network id) can be stored");
            case WireType.Seq q -> throw unsupported(wire, name, "sequences cannot be stored");
            case WireType.Struct s -> throw unsupported(wire, name, "nested structs cannot be stored");
        };
    }

    private static IllegalArgumentException unsupported(ComponentSchema wire, String field, String why) {
        return new IllegalArgumentException("component " + wire.name() + ", field '" + field + "': " + why);
    }

    private static void checkRange(ComponentSchema wire, ReplicatedField f, double min, double max, double precision) {
        String where = "component " + wire.name() + ", field '" + f.name() + "': ";
        if (!Double.isFinite(min) || !Double.isFinite(max) || !Double.isFinite(precision) || min >= max) {
            throw new IllegalArgumentException(where + "range needs finite min < max, got [" + min + ", " + max + "]");
        }
        switch (f.type()) {
            case F32 -> {
                if (precision < 0 || min < -Float.MAX_VALUE || max > Float.MAX_VALUE) {
                    throw new IllegalArgumentException(where + "f32 range must fit a float and precision be >= 0");
                }
            }
            case UINT -> {
                if (min < 0 || max > f.max() || precision < 1 || precision != Math.rint(precision)) {
                    throw new IllegalArgumentException(where + "unsigned range must lie in [0, "
                            + Long.toUnsignedString(((WireType.UInt) f.wire()).max())
                            + "] with a whole precision >= 1");
                }
            }
            case BOOL, ENUM, OPTIONAL_ID, STRING ->
                    throw new IllegalArgumentException(where + f.type() + " fields have no range");
        }
    }
}
