package dev.aetheris.codec.compact;

import java.util.List;

/**
 * What a v2 client needs to decode snapshots: the components in handle order (an entity's
 * component mask has bit {@code h} for component {@code h}) and their fields. Fields are also
 * numbered globally, component by component ({@link #firstField}). The server sends it once per
 * connection (see {@link SchemaMessage}). Immutable; safe to share between threads.
 */
public final class CompactSchema {
    /** Most components a schema may have (masks are a {@code long}). */
    public static final int MAX_COMPONENTS = 64;

    private final List<CompactComponent> components;
    private final int[] first;
    private final CompactField[] fields;
    private final int stringFields;

    /** @throws IllegalArgumentException for no or more than 64 components */
    public CompactSchema(List<CompactComponent> components) {
        this.components = List.copyOf(components);
        if (components.isEmpty() || components.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("a schema has 1.." + MAX_COMPONENTS + " components, got "
                    + components.size());
        }
        first = new int[components.size() + 1];
        int n = 0;
        for (int c = 0; c < components.size(); c++) {
            first[c] = n;
            n += components.get(c).fields().size();
        }
        first[components.size()] = n;
        fields = new CompactField[n];
        int strings = 0;
        for (int c = 0; c < components.size(); c++) {
            for (CompactField f : components.get(c).fields()) {
                strings += f.type() == CompactType.STRING ? 1 : 0;
            }
            List<CompactField> fs = components.get(c).fields();
            for (int i = 0; i < fs.size(); i++) {
                fields[first[c] + i] = fs.get(i);
            }
        }
        stringFields = strings;
    }

    /** The components in handle order. */
    public List<CompactComponent> components() {
        return components;
    }

    /** Number of components. */
    public int componentCount() {
        return components.size();
    }

    /** Number of fields over all components. */
    public int fieldCount() {
        return fields.length;
    }

    /** Global index of component {@code c}'s first field. */
    public int firstField(int c) {
        return first[c];
    }

    /** Number of fields of component {@code c}. */
    public int fieldCount(int c) {
        return first[c + 1] - first[c];
    }

    /** The field with global index {@code f}. */
    public CompactField field(int f) {
        return fields[f];
    }

    /** Whether any field is a string. */
    public boolean hasStrings() {
        return stringFields > 0;
    }

    /** The handle of the component with wire kind {@code kind}, or -1. */
    public int componentOfKind(int kind) {
        for (int c = 0; c < components.size(); c++) {
            if (components.get(c).kind() == kind) {
                return c;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactSchema s && s.components.equals(components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        return "CompactSchema" + components;
    }
}
